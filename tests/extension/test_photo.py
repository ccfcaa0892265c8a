"""The profile photo: published once, as squares of the card's sizes, without
its metadata; a photo that cannot be, one warning and the initials.

Each photo is made here with Pillow (a large phone-like JPEG with EXIF GPS
and orientation, a renamed text file, a truncated JPEG, an enormous PNG) and
written as ``_static/me.jpg`` of a copy of ``tests/roots/test-photo``, built
once per kind of photo for the whole module.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags, Image
from sphinx.util.console import strip_colors

from academic_site.outputs import photo
from tests.conftest import DOCS
from tests.helpers import SiteBuild, build_site

ROOT = Path(__file__).parent.parent / "roots" / "test-photo"
#: The photo's line in the root's profile.yaml.
PHOTO_LINE = 4
#: The GPS position written into the large photo's EXIF (Tsinghua's campus).
LATITUDE = (40.0, 0.0, 10.0)
LONGITUDE = (116.0, 19.0, 35.0)


def upright_photo(width: int, height: int) -> Image.Image:
    """A photo as it should look: red top half, blue bottom half, with
    enough texture to compress as a photo does."""
    image = Image.new("RGB", (width, height), "blue")
    image.paste(Image.new("RGB", (width, height // 2), "red"), (0, 0))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, noise, 0.15)


def phone_jpeg(width: int = 3000, height: int = 4000) -> bytes:
    """A portrait as a phone stores it: the pixels turned a quarter to the
    left and EXIF orientation 6 (turn right to show), the camera's GPS
    position, a camera make."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "TestPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: LATITUDE,
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: LONGITUDE,
        }
    )
    stored = upright_photo(width, height).transpose(Image.Transpose.ROTATE_90)
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def enormous_png() -> bytes:
    """A small file of more pixels than the build decodes (one bit each)."""
    side = int((photo.MAX_PIXELS * 1.2) ** 0.5)
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG")
    return buffer.getvalue()


#: Each kind of photo the module builds the root with.
PHOTOS: dict[str, Callable[[], bytes]] = {
    "phone": phone_jpeg,
    "text": lambda: b"name: not a photo\n",
    "truncated": lambda: phone_jpeg(600, 800)[:5000],
    "enormous": enormous_png,
}


@dataclass
class Built:
    site: SiteBuild
    srcdir: Path
    source: bytes

    @property
    def outdir(self) -> Path:
        return self.site.outdir

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / "index.html").read_bytes(), "html.parser")

    @property
    def warnings(self) -> str:
        return strip_colors(self.site.warnings)

    def again(self) -> SiteBuild:
        """The same sources built again into the same folders."""
        return build_site(self.srcdir, self.outdir.parent, warnings_are_errors=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """The root built with the photo *kind* of :data:`PHOTOS`, once each."""
    builds: dict[str, Built] = {}

    def build(kind: str) -> Built:
        if kind not in builds:
            workdir = tmp_path_factory.mktemp(f"photo-{kind}")
            srcdir = workdir / "src"
            shutil.copytree(ROOT, srcdir)
            source = PHOTOS[kind]()
            (srcdir / "_static" / "me.jpg").write_bytes(source)
            site = build_site(srcdir, workdir, warnings_are_errors=False)
            builds[kind] = Built(site, srcdir, source)
        return builds[kind]

    return build


def _renditions(built: Built) -> list[Path]:
    (img,) = built.soup.select(".profile-card img.profile-photo")
    names = [img["src"]] + [
        part.split()[0] for part in img.get("srcset", "").split(",") if part
    ]
    return [built.outdir / name for name in dict.fromkeys(names)]


def test_the_card_links_a_square_per_density(built: Callable[[str], Built]) -> None:
    phone = built("phone")
    assert phone.warnings == ""
    (img,) = phone.soup.select(".profile-card img.profile-photo")
    assert img["alt"] == "Photo of Ada Lovelace"
    assert (img["width"], img["height"]) == (str(photo.CSS_PIXELS),) * 2
    sides = {f"{density}x": photo.CSS_PIXELS * density for density in photo.DENSITIES}
    srcset = dict(reversed(part.split()) for part in img["srcset"].split(", "))
    assert set(srcset) == set(sides)
    for density, name in srcset.items():
        with Image.open(phone.outdir / name) as square:
            assert square.format == "WEBP"
            assert square.size == (sides[density], sides[density])
    assert img["src"] == srcset["1x"]


def test_the_photo_is_published_once_and_small(built: Callable[[str], Built]) -> None:
    phone = built("phone")
    outdir = phone.outdir
    published = [p for p in outdir.rglob("*") if p.is_file()]
    assert not [p for p in published if p.read_bytes() == phone.source]
    assert not [p for p in published if p.name == "me.jpg"]
    assert (outdir / "_static" / "site.css").is_file()  # the rest of _static is
    weights = {p.name: p.stat().st_size for p in _renditions(phone)}
    # The 2x square is a few kB, where the phone's JPEG is well over a MB.
    assert len(phone.source) > 1_000_000
    assert max(weights.values()) < 40_000, weights


def test_the_squares_are_upright(built: Callable[[str], Built]) -> None:
    for path in _renditions(built("phone")):
        with Image.open(path) as square:
            rgb = square.convert("RGB")
            top = rgb.getpixel((square.width // 2, 2))
            bottom = rgb.getpixel((square.width // 2, square.height - 3))
        assert top[0] > 150 > top[2], (path.name, top)  # red
        assert bottom[2] > 150 > bottom[0], (path.name, bottom)  # blue


def test_no_metadata_is_published(built: Callable[[str], Built]) -> None:
    phone = built("phone")
    with Image.open(io.BytesIO(phone.source)) as original:  # the test's premise
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for path in _renditions(phone):
        data = path.read_bytes()
        with Image.open(path) as square:
            assert dict(square.getexif()) == {}
            assert not {"exif", "xmp", "icc_profile"} & set(square.info)
        assert b"EXIF" not in data
        assert b"Exif" not in data
        assert b"TestPhone" not in data


def test_the_structured_data_names_the_largest_square(
    built: Callable[[str], Built],
) -> None:
    phone = built("phone")
    scripts = phone.soup.select('script[type="application/ld+json"]')
    people = [
        data
        for data in (json.loads(script.string) for script in scripts)
        if data.get("@type") == "Person"
    ]
    (person,) = people
    largest = photo.CSS_PIXELS * max(photo.DENSITIES)
    assert person["image"] == f"https://ada.example.org/_images/me-{largest}.webp"
    assert (phone.outdir / "_images" / f"me-{largest}.webp").is_file()


def test_an_unchanged_photo_is_not_encoded_again(
    built: Callable[[str], Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = built("phone")

    def refuse(*args: object) -> None:
        raise AssertionError("the unchanged photo was encoded again")

    monkeypatch.setattr(photo, "encode", refuse)
    assert strip_colors(phone.again().warnings) == ""
    assert all(path.is_file() for path in _renditions(phone))


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("text", "is not a JPEG, PNG or WebP image the build can read"),
        ("truncated", "cannot be decoded (image file is truncated"),
        ("enormous", f"more than the {photo.MAX_PIXELS // 1_000_000} megapixels"),
    ],
)
def test_a_photo_that_cannot_be_published_is_one_warning(
    built: Callable[[str], Built], kind: str, problem: str
) -> None:
    bad = built(kind)
    warnings = bad.warnings
    assert f"profile.yaml:{PHOTO_LINE}: WARNING: 'photo' '_static/me.jpg' " in warnings
    assert problem in warnings
    assert "(the card shows the initials) [homepage.profile]" in warnings
    assert warnings.count("WARNING") == 1, warnings
    card = bad.soup.select_one(".profile-card")
    assert card.select_one("img") is None
    assert card.select_one(".profile-initials").get_text() == "AL"
    # Nothing else is lost: the rest of the card, and no copy of the file.
    assert card.find("a", href="mailto:ada@example.org") is not None
    assert not list(bad.outdir.rglob("me.jpg"))


def test_a_photo_over_the_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    # A valid JPEG padded past the limit (sparse: no 10 MB written).
    path = tmp_path / "me.jpg"
    path.write_bytes(phone_jpeg(60, 80))
    with path.open("r+b") as file:
        file.seek(photo.MAX_BYTES)
        file.write(b"\0")
    with pytest.raises(photo.PhotoError, match=r"is 10\.0 MB, more than the 10 MB"):
        photo.inspect(path)
    os.truncate(path, photo.MAX_BYTES)
    assert photo.inspect(path) == 60


def test_a_small_photo_is_never_enlarged() -> None:
    assert photo.renditions("_static/me.jpg", 2) == (
        photo.Rendition("_images/me-2.webp", 2),
    )
    middle = photo.CSS_PIXELS + photo.CSS_PIXELS // 2
    assert [r.density for r in photo.renditions("me.png", middle)] == ["1x", "1.5x"]
    assert photo.renditions("Mein Foto (1).jpeg", 1000)[0].path == (
        f"_images/Mein-Foto-1-{photo.CSS_PIXELS}.webp"
    )


def test_the_site_stylesheet_shows_the_photo_at_the_card_size() -> None:
    """The squares are made for ``CSS_PIXELS``; the site's stylesheet sets the
    card's circle, in rem (16 CSS pixels each in every browser's default)."""
    css = (DOCS / "_static" / "homepage.css").read_text(encoding="utf-8")
    rule = re.search(r"^\.profile-photo \{(.*?)\}", css, re.M | re.S)
    assert rule is not None
    sides = re.findall(r"^\s*(width|height):\s*([\d.]+)rem;", rule.group(1), re.M)
    assert {name: float(rem) * 16 for name, rem in sides} == {
        "width": photo.CSS_PIXELS,
        "height": photo.CSS_PIXELS,
    }


def test_a_decompression_bomb_is_refused_by_its_header(tmp_path: Path) -> None:
    # A PNG header claiming 20000 x 20000 pixels (400 megapixels), no pixels.
    header = io.BytesIO()
    Image.new("1", (1, 1)).save(header, "PNG")
    data = bytearray(header.getvalue())
    data[16:24] = (20_000).to_bytes(4, "big") * 2  # IHDR's width and height
    data[29:33] = zlib.crc32(data[12:29]).to_bytes(4, "big")  # and its CRC
    path = tmp_path / "bomb.png"
    path.write_bytes(bytes(data))
    with pytest.raises(photo.PhotoError, match="more than the 50 megapixels"):
        photo.inspect(path)
