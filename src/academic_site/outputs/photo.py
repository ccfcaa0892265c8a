"""The owner's photo, published once, at the sizes the profile card shows it.

``photo:`` in the profile names a file of the source directory, often a phone
picture of several megabytes. The card shows it in a circle of
:data:`CSS_PIXELS` CSS pixels (``.profile-photo`` in ``homepage.css``), so the
page needs only that square, and twice as many pixels for high-density
screens. Each HTML build writes those squares (the middle of the photo, as
the card's ``object-fit: cover`` shows it) as WebP into ``_images/`` and the
card links them with ``srcset``; the original is published nowhere: not in
``_images/`` (the card has no image node for Sphinx to copy) and not in
``_static/`` (removed from the copy of ``html_static_path`` at the end).

The renditions are turned upright by the photo's EXIF orientation and carry
no metadata: no EXIF (camera, date, GPS position), no XMP, no colour profile
(the pixels are converted to sRGB first). They are made again only when the
photo, the configuration or this code changes (an :class:`OutputStamp`).

A photo that is not a JPEG, PNG or WebP image Pillow can decode whole, or
that is larger than :data:`MAX_BYTES` or :data:`MAX_PIXELS`, is one warning
at the profile's ``photo:`` line, and the card shows the initials
(handbook/data-problems.md).
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from PIL import Image, ImageCms, ImageOps

from academic_site.site import escaping, urls
from academic_site.site.config import homepage_config
from academic_site.site.datafile import DataFileError
from academic_site.site.rebuild import OutputStamp, file_state, write_if_changed
from academic_site.sources.profile import (
    SUBTYPE,
    initials_html,
    photo_exists,
    profile_path,
    profile_photo,
    read_profile,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: The side of the card's photo in CSS pixels: ``.profile-photo``'s 7.5rem
#: at the browsers' 16 px to the rem (docs/_static/homepage.css).
CSS_PIXELS = 120
#: The screens' pixel densities the photo is made for: ordinary and
#: high-density ("retina") screens.
DENSITIES = (1, 2)
#: WebP quality: a 240 px square of a photo is 15-25 kB at 80.
QUALITY = 80
#: The largest photo file the build reads: a phone's 12-megapixel JPEG is
#: 3-6 MB; anything larger is a file to export smaller before committing it.
MAX_BYTES = 10_000_000
#: The most pixels the build decodes (a 48-megapixel phone picture fits; a
#: "decompression bomb", a small file of enormous dimensions, does not).
MAX_PIXELS = 50_000_000
#: The formats read (Pillow's names; its JPEG reader takes the multi-picture
#: JPEGs some phones write too).
FORMATS = ("JPEG", "PNG", "WEBP")
#: Where the renditions are written, in each edition's output folder.
OUTPUT_DIR = "_images"
#: The environment attribute that holds this build's :class:`Published`.
ENV_ATTRIBUTE = "homepage_photo"


@dataclass(frozen=True)
class Rendition:
    """One square of the photo, for one pixel density."""

    #: From the output's root: ``_images/photo-240.webp``.
    path: str
    #: Its side in pixels.
    pixels: int

    @property
    def density(self) -> str:
        """Its ``srcset`` descriptor: ``2x`` for 240 px in a 120 px card."""
        return f"{self.pixels / CSS_PIXELS:g}x"


@dataclass(frozen=True)
class Published:
    """The renditions of this build's photo, smallest first."""

    renditions: tuple[Rendition, ...]

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]


class PhotoError(Exception):
    """Why a photo file cannot be published."""


def _output_stem(photo: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(photo).stem).strip("-")
    return stem or "photo"


def renditions(photo: str, side: int) -> tuple[Rendition, ...]:
    """The squares made of the photo *photo* (a path of the source directory)
    whose shorter side is *side* pixels: one per density, never enlarged
    (a photo smaller than the card gives one square of its own size)."""
    stem = _output_stem(photo)
    sizes = sorted({min(CSS_PIXELS * density, side) for density in DENSITIES})
    return tuple(
        Rendition(f"{OUTPUT_DIR}/{stem}-{pixels}.webp", pixels) for pixels in sizes
    )


def _open(path: Path) -> Image.Image:
    """The image at *path*, its header read and checked (not decoded yet)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PhotoError(
            f"is {size / 1e6:.1f} MB, more than the {MAX_BYTES // 1_000_000} MB "
            "the build reads: export it smaller; the card needs "
            f"{CSS_PIXELS * max(DENSITIES)} pixels a side"
        )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning: the pixel limit below is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=FORMATS)
    except Image.DecompressionBombError as error:  # (Pillow's: 179 megapixels)
        raise PhotoError(
            f"has more than the {MAX_PIXELS // 1_000_000} megapixels the build "
            "decodes: export it smaller"
        ) from error
    except Exception as error:  # an unreadable file of someone else's
        raise PhotoError(
            "is not a JPEG, PNG or WebP image the build can read"
        ) from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise PhotoError(
            f"is {width} x {height} pixels, more than the "
            f"{MAX_PIXELS // 1_000_000} megapixels the build decodes: "
            "export it smaller"
        )
    return image


def inspect(path: Path) -> int:
    """The shorter side of the photo at *path*, in pixels, from its header;
    raise :class:`PhotoError` if it may not be read."""
    with _open(path) as image:
        return min(image.size)


def _to_srgb(image: Image.Image) -> Image.Image:
    """*image* in sRGB (RGB, or RGBA if it has transparency): its colour
    profile is metadata too and is left out, so pixels in another space (a
    phone's Display P3, a CMYK scan) are converted to look the same."""
    transparent = "A" in image.getbands() or "transparency" in image.info
    mode = "RGBA" if transparent else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            return ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or unusual profile: the pixels as they are
    return image if image.mode == mode else image.convert(mode)


def encode(path: Path, sizes: tuple[Rendition, ...]) -> dict[str, bytes]:
    """Each rendition of *sizes* of the photo at *path*, as WebP bytes;
    raise :class:`PhotoError` if the file cannot be decoded whole."""
    try:
        with _open(path) as image:
            # A JPEG decodes at 1/2, 1/4 or 1/8 of its size when that is
            # still larger than the biggest square: far less time and memory.
            biggest = sizes[-1].pixels
            image.draft("RGB", (biggest, biggest))
            upright = ImageOps.exif_transpose(image)
            upright.load()
            upright = _to_srgb(upright)
            encoded = {}
            for rendition in sizes:
                square = ImageOps.fit(
                    upright,
                    (rendition.pixels, rendition.pixels),
                    Image.Resampling.LANCZOS,
                )
                # No EXIF (GPS!), XMP or colour profile: none is written.
                buffer = io.BytesIO()
                square.save(
                    buffer,
                    "WEBP",
                    quality=QUALITY,
                    method=6,
                    exif=b"",
                    xmp=b"",
                    icc_profile=None,
                )
                encoded[rendition.path] = buffer.getvalue()
            return encoded
    except PhotoError:
        raise
    except Exception as error:  # truncated or corrupt: someone else's file
        raise PhotoError(
            f"cannot be decoded ({error}): save it again as a JPEG, PNG or WebP"
        ) from error


def publish(app: Sphinx, source: Path, photo: str) -> Published:
    """Write the renditions of *source* (the profile's *photo*) into the
    output, unless the last build wrote them from the same file."""
    sizes = renditions(photo, inspect(source))
    outputs = [Path(app.outdir, rendition.path) for rendition in sizes]
    stamp = OutputStamp.of(app, "photo", [file_state(source), sizes])
    if not stamp.is_current(outputs):
        for name, data in encode(source, sizes).items():
            write_if_changed(Path(app.outdir, name), data)
        stamp.save()
    return Published(sizes)


def published(app: Sphinx) -> Published | None:
    """This build's photo, or ``None`` (no photo, a problem, not HTML)."""
    return getattr(app.env, ENV_ATTRIBUTE, None)


def _publish_photo(app: Sphinx, env: object, docnames: object) -> None:
    # Once per build (before reading; a second build of the same app too),
    # so that -W fails while the photo is wrong, whichever pages are written.
    setattr(app.env, ENV_ATTRIBUTE, None)
    if app.builder.format != "html" or not homepage_config(app).profile_file:
        return
    path = profile_path(app.env)
    profile = read_profile(path).value if path.is_file() else None
    if profile is None or not photo_exists(app.env, profile):
        return  # (no photo, or reported by the profile)
    assert profile.photo is not None
    try:
        photo = publish(app, Path(app.srcdir, profile.photo), profile.photo)
    except (PhotoError, OSError) as error:
        DataFileError(
            path,
            profile.photo_line,
            f"'photo' {profile.photo!r} {error} (the card shows the initials)",
        ).warn(SUBTYPE)
        return
    setattr(app.env, ENV_ATTRIBUTE, photo)


def img_tag(photo: Published, alt: str, base: str) -> str:
    """The card's ``<img>``: the 1x square as ``src``, every square in
    ``srcset``, URLs relative to *base* (the page's folder)."""

    def url(rendition: Rendition) -> str:
        return escaping.attribute(posixpath.relpath(rendition.path, base or "."))

    srcset = ""
    if len(photo.renditions) > 1:
        sources = ", ".join(f"{url(r)} {r.density}" for r in photo.renditions)
        srcset = f' srcset="{sources}"'
    return (
        f'<img src="{url(photo.renditions[0])}"{srcset}'
        f' width="{CSS_PIXELS}" height="{CSS_PIXELS}"'
        f' alt="{escaping.attribute(alt)}" class="profile-photo">'
    )


def _render_photo(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    photo = published(app)
    for node in list(doctree.findall(profile_photo)):
        if photo is not None:
            base = posixpath.dirname(app.builder.get_target_uri(docname))
            html = img_tag(photo, node["alt"], base)
        else:
            html = initials_html(node["initials"])
        node.replace_self(nodes.raw("", html, format="html"))


def photo_url(app: Sphinx) -> str | None:
    """The absolute URL of the largest square, for the structured data
    (``None`` without a photo or ``html_baseurl``)."""
    photo = published(app)
    if photo is None or not urls.base_url(app.config):
        return None
    return urls.file_url(app.config, photo.largest.path)


def _unpublish_original(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx copies every file of html_static_path, the photo's original
    # with them when it is there (the README's _static/me.jpg); the card
    # links the squares only, so the original goes.
    if exception is not None or app.builder.format != "html":
        return
    path = profile_path(app.env)
    profile = read_profile(path).value if path.is_file() else None
    if profile is None or not profile.photo:
        return
    source = Path(app.srcdir, profile.photo).resolve()
    builder: Builder = app.builder
    for entry in app.config.html_static_path:
        static = Path(app.confdir, entry).resolve()
        if source.is_relative_to(static) and source != static:
            copy = Path(builder.outdir, "_static", source.relative_to(static))
            copy.unlink(missing_ok=True)


def setup_photo(app: Sphinx) -> None:
    """Publish the profile's photo at the card's sizes, and link them."""
    # After the profile reports its own problems (a missing photo file, at
    # builder-inited).
    app.connect("env-before-read-docs", _publish_photo)
    app.connect("doctree-resolved", _render_photo)
    app.connect("build-finished", _unpublish_original)
