"""Draw the site's icons and social card from the profile, once, offline.

    .venv/bin/python tools/make_images.py      # needs /usr/bin/chromium

The images are committed, so neither the build nor Read the Docs needs a
browser, matplotlib or the network. Each image is drawn from an SVG or HTML
source made here from ``docs/data/profile.yaml`` (the initials and colours of
the profile card's initials avatar, the name and affiliation); every PNG
carries the SHA-256 of its source in a ``tEXt`` chunk, and
``tests/site/test_discoverability.py`` checks those against the profile, so a
changed name or colour fails the tests until this script is run again.

Writes ``docs/_static/``: ``favicon.svg``, ``favicon-32.png``,
``apple-touch-icon.png`` (180x180), ``social-card.png`` (1200x630); and
``docs/_extra/favicon.ico`` (the 32x32 PNG in an ICO container).
"""

from __future__ import annotations

import hashlib
import html
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from academic_site.sources.profile import Profile, load_profile

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
STATIC = DOCS / "_static"
EXTRA = DOCS / "_extra"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

#: furo's --color-brand-content and --color-background-primary, light and
#: dark: the colours of the profile card's initials avatar (homepage.css).
LIGHT = {"background": "#2757dd", "text": "#ffffff"}
DARK = {"background": "#5ca5ff", "text": "#131416"}
#: furo's font stack, as the avatar on the page uses it.
FONTS = (
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, "
    "sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Sans CJK SC'"
)

#: The key of the PNG text chunk holding the source's SHA-256.
STAMP_KEY = "academic-site-source-sha256"


def favicon_svg(
    profile: Profile, *, shape: str = "circle", dark_mode: bool = True
) -> str:
    """The initials avatar as SVG: a circle (favicon) or a square (touch icon)."""
    fill = (
        '<circle cx="32" cy="32" r="32"/>'
        if shape == "circle"
        else '<rect width="64" height="64"/>'
    )
    dark = (
        "@media (prefers-color-scheme: dark) {"
        f"circle, rect {{ fill: {DARK['background']}; }}"
        f"text {{ fill: {DARK['text']}; }}}}"
        if dark_mode
        else ""
    )
    font = html.escape(FONTS, quote=True)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f"<style>circle, rect {{ fill: {LIGHT['background']}; }}"
        f"text {{ fill: {LIGHT['text']}; }}{dark}</style>"
        f"{fill}"
        '<text x="32" y="32" dy="0.35em" text-anchor="middle" '
        f'font-family="{font}" font-size="26" font-weight="600" '
        f'letter-spacing="1">{html.escape(profile.initials)}</text>'
        "</svg>\n"
    )


def icon_page(svg: str, size: int) -> str:
    """An HTML page showing *svg* at *size* pixels, for a screenshot."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "html, body { margin: 0; background: transparent; }"
        f"svg {{ display: block; width: {size}px; height: {size}px; }}"
        f"</style></head><body>{svg}</body></html>"
    )


def social_card_page(profile: Profile) -> str:
    """The 1200x630 social card as an HTML page."""
    e = html.escape
    name = e(profile.name)
    native = (
        f'<p class="native">{e(profile.native_name)}</p>' if profile.native_name else ""
    )
    affiliation = e(profile.affiliation)
    if profile.lab:
        affiliation += f" · {e(profile.lab.label)}"
    tagline = f'<p class="tagline">{e(profile.tagline)}</p>' if profile.tagline else ""
    avatar = favicon_svg(profile, dark_mode=False)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{
  display: flex; align-items: center; gap: 64px; box-sizing: border-box;
  padding: 0 96px; background: #ffffff; color: #000000;
  font-family: {FONTS};
  border-bottom: 24px solid {LIGHT["background"]};
}}
svg {{ flex: none; width: 280px; height: 280px; }}
p {{ margin: 0; }}
.name {{ font-size: 76px; font-weight: 700; line-height: 1.1; }}
.native {{ font-size: 56px; margin-top: 8px; color: #4a4a4a; }}
.affiliation {{ font-size: 32px; margin-top: 36px; color: #4a4a4a; line-height: 1.3; }}
.tagline {{ font-size: 28px; margin-top: 20px; font-style: italic; color: #4a4a4a; }}
</style></head><body>
{avatar}
<div><p class="name">{name}</p>{native}
<p class="affiliation">{affiliation}</p>{tagline}</div>
</body></html>
"""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def png_text_chunks(data: bytes) -> dict[str, str]:
    """The ``tEXt`` chunks of a PNG file."""
    chunks, position = {}, 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            chunks[key.decode("latin-1")] = value.decode("latin-1")
        position += 12 + length
    return chunks


def stamp_png(data: bytes, key: str, value: str) -> bytes:
    """*data* with a ``tEXt`` chunk *key*=*value* inserted before ``IEND``."""
    body = key.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = (
        struct.pack(">I", len(body))
        + b"tEXt"
        + body
        + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    )
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


def ico_from_png(png: bytes, size: int) -> bytes:
    """An ICO file holding one PNG image (every current browser reads these)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 22)
    return header + entry + png


def screenshot(page: str, width: int, height: int) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "page.html")
        output = Path(tmp, "shot.png")
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--default-background-color=00000000",
                f"--window-size={width},{height}",
                f"--screenshot={output}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
        return output.read_bytes()


def sources(profile: Profile) -> dict[str, tuple[str, int, int]]:
    """Each PNG to draw: its file name, source page and size."""
    return {
        "favicon-32.png": (
            icon_page(favicon_svg(profile, dark_mode=False), 32),
            32,
            32,
        ),
        "apple-touch-icon.png": (
            icon_page(favicon_svg(profile, shape="square", dark_mode=False), 180),
            180,
            180,
        ),
        "social-card.png": (social_card_page(profile), 1200, 630),
    }


def main() -> int:
    profile = load_profile(DOCS / "data" / "profile.yaml")
    (STATIC / "favicon.svg").write_text(favicon_svg(profile), encoding="utf-8")
    for name, (page, width, height) in sources(profile).items():
        png = stamp_png(screenshot(page, width, height), STAMP_KEY, sha256(page))
        (STATIC / name).write_bytes(png)
        print(f"wrote docs/_static/{name} ({len(png)} bytes)")
        if name == "favicon-32.png":
            EXTRA.mkdir(exist_ok=True)
            (EXTRA / "favicon.ico").write_bytes(ico_from_png(png, 32))
            print("wrote docs/_extra/favicon.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
