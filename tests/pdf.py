"""Reading the CV PDF in tests: its text, links, fonts, metadata, a rendering."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader


def in_ci() -> bool:
    """Whether this is a CI run (``CI`` set to anything but false)."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def squash(text: str) -> str:
    """*text* with each run of white space as one space."""
    return re.sub(r"\s+", " ", text).strip()


def markdown_plain(text: str) -> str:
    """What inline Markdown reads as: ``[a](b)`` is ``a``, ``**a**`` is ``a``."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return squash(text)


@dataclass(frozen=True)
class Pdf:
    """What a test reads from one PDF file."""

    path: Path

    @property
    def reader(self) -> PdfReader:
        return _reader(self.path)

    @property
    def text(self) -> str:
        """The text of every page, white space squashed."""
        return squash(" ".join(page.extract_text() for page in self.reader.pages))

    @property
    def links(self) -> list[str]:
        """The URI of every link annotation, in page order."""
        uris = []
        for page in self.reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                action = annotation.get("/A")
                if annotation.get("/Subtype") == "/Link" and action:
                    uris.append(str(action.get_object().get("/URI")))
        return uris

    def fonts(self) -> dict[str, bool]:
        """Each font's name, and whether its glyphs are embedded in the file."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descendants = font.get("/DescendantFonts")
                inner = descendants[0].get_object() if descendants else font
                descriptor = inner.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                fonts[str(font["/BaseFont"])] = any(
                    key in descriptor
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
        return fonts

    def runs(self) -> list[tuple[str, str]]:
        """Each piece of text the pages draw, with its font's name."""
        runs: list[tuple[str, str]] = []

        def visit(text, _cm, _tm, font, _size) -> None:
            if text.strip() and font:
                runs.append((text, str(font.get("/BaseFont"))))

        for page in self.reader.pages:
            page.extract_text(visitor_text=visit)
        return runs

    @property
    def language(self) -> str | None:
        lang = self.reader.trailer["/Root"].get("/Lang")
        return str(lang) if lang is not None else None


@cache
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


def render_first_page(pdf: Path, out: Path) -> tuple[Path, list[list[int]]]:
    """Page 1 as a PNG beside *out* (for a person to look at) and as grey levels.

    Uses poppler's ``pdftoppm`` (``make test`` installs it); skips without it,
    except in CI.
    """
    tool = shutil.which("pdftoppm")
    if tool is None:
        if in_ci():
            pytest.fail("pdftoppm (poppler-utils) is missing; `make test` installs it")
        pytest.skip(
            "pdftoppm (poppler-utils) is missing: apt-get install poppler-utils"
        )
    base = str(out)
    subprocess.run(
        [tool, "-png", "-r", "80", "-f", "1", "-l", "1", pdf, base], check=True
    )
    subprocess.run(
        [tool, "-gray", "-r", "20", "-f", "1", "-l", "1", pdf, base + "-grey"],
        check=True,
    )
    png = next(out.parent.glob(out.name + "-*1.png"))
    pgm = next(out.parent.glob(out.name + "-grey-*1.pgm"))
    return png, _pgm_rows(pgm.read_bytes())


def _pgm_rows(data: bytes) -> list[list[int]]:
    # Binary PGM: "P5 <width> <height> <max>" and one byte per pixel.
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header, "not a binary PGM"
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end() :]
    return [list(pixels[row * width : (row + 1) * width]) for row in range(height)]
