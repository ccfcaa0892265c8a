"""The real CV: the page and both PDFs show what docs/data/cv.yaml says.

Everything expected is read from the site's own files (the CV, the profile,
the ``.bib`` and the Chinese catalog), so the owner's edits keep this green.
"""

from __future__ import annotations

import re

import pytest
import yaml
from babel.messages.pofile import read_po
from pybtex.database import parse_file

from academic_site.papers.latex import to_plain as plain_text
from academic_site.papers.names import key_of_name, name_key
from tests.conftest import REPO
from tests.helpers import SiteBuild
from tests.pdf import Pdf, markdown_plain, render_first_page, squash
from tests.site.conftest import SiteData, applies

#: Where this session's renderings of page 1 go, for a person to look at.
SHOTS = REPO / "_build" / "cv-shots"
#: The PDF's tests: generated for a site that writes one (``homepage_cv_pdf``).
has_pdf = applies(lambda data: bool(data.conf.get("homepage_cv_pdf")))


def _pdf(edition: SiteBuild, data: SiteData) -> Pdf:
    return Pdf(edition.outdir / data.conf["homepage_cv_pdf"])


def _zh(data: SiteData) -> dict[str, str]:
    """The catalog's translations in use: a fuzzy one is not (English shows)."""
    catalog = data.docs / "locales" / "zh_CN" / "LC_MESSAGES" / "cv.po"
    with catalog.open("rb") as po:
        messages = read_po(po)
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def _items(data: SiteData):
    # Every value as the owner wrote it (BaseLoader: "dates: 2026.10" is the
    # text 2026.10, as the site shows it, not the number 2026.1).
    path = data.docs / data.conf["homepage_cv_file"]
    cv = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    for section in cv:
        for item in section["items"]:
            yield section, item


def _papers(data: SiteData) -> list[str]:
    bib = parse_file(str(data.bib_path), bib_format="bibtex")
    return [squash(plain_text(e.fields["title"])) for e in bib.entries.values()]


def _links(text: str) -> list[str]:
    return re.findall(r"\]\((https://[^)\s]+)\)", text)


def _cv_text(site: SiteBuild) -> str:
    return squash(site.page("cv.html").find("article").get_text())


def test_the_page_shows_every_item_of_the_data(site: SiteBuild, data: SiteData) -> None:
    text = _cv_text(site)
    links = {a["href"] for a in site.page("cv.html").find_all("a", href=True)}
    for section, item in _items(data):
        assert section["title"] in text
        assert markdown_plain(item["text"]) in text
        for lead in (item.get("dates"), item.get("title")):
            assert lead is None or f"{lead}: " in text
        assert set(_links(item["text"])) <= links


@has_pdf
@pytest.mark.parametrize("page", ["cv.html", "index.html"])
def test_both_editions_link_their_own_pdf(
    site: SiteBuild,
    site_zh: SiteBuild,
    page: str,
) -> None:
    for edition in (site, site_zh):
        link = edition.page(page).select_one("a.cv-pdf-link")
        assert link is not None
        assert (edition.outdir / link["href"]).is_file()


@has_pdf
def test_the_pdf_has_the_profile_every_item_and_every_paper(
    site: SiteBuild, data: SiteData
) -> None:
    profile = data.profile
    pdf = _pdf(site, data)
    text = pdf.text
    for fact in (profile["name"], profile["native_name"], profile["email"]):
        assert fact in text
    for section, item in _items(data):
        assert section["title"] in text
        assert markdown_plain(item["text"]) in text
        for lead in (item.get("dates"), item.get("title")):
            assert lead is None or lead in text
    for title in _papers(data):
        assert title in text
    links = pdf.links
    assert "mailto:" + profile["email"] in links
    for link in profile["links"]:
        assert link["url"] in links
    for _section, item in _items(data):
        assert set(_links(item["text"])) <= set(links)


def _owner_papers(data: SiteData) -> int:
    """How many papers of the ``.bib`` have the profile's owner as an author."""
    bib = parse_file(str(data.bib_path), bib_format="bibtex")
    owner = key_of_name(data.profile["name"])
    return sum(
        any(name_key(person) == owner for person in entry.persons.get("author", []))
        for entry in bib.entries.values()
    )


@has_pdf
def test_the_owner_is_bold_in_every_paper(site: SiteBuild, data: SiteData) -> None:
    runs = _pdf(site, data).runs()
    # The owner as the site's lists write the name (homepage_owner_names).
    owner = [font for text, font in runs if "Huang, Y." in text]
    assert len(owner) >= _owner_papers(data) > 0
    assert all("Bold" in font for font in owner)


@has_pdf
def test_the_chinese_pdf_is_the_translated_cv(
    site_zh: SiteBuild, data: SiteData
) -> None:
    pdf = _pdf(site_zh, data)
    text = pdf.text
    zh = _zh(data)
    assert data.profile["native_name"] in text
    for section, item in _items(data):
        # Untranslated, a message shows in English (counted by test_zh).
        assert zh.get(section["title"], section["title"]) in text
        assert markdown_plain(zh.get(item["text"], item["text"])) in text
    for title in _papers(data):
        assert title in text
    assert pdf.language == "zh-CN"
    assert any("NotoSansSC" in name for name in pdf.fonts())


@has_pdf
def test_both_pdfs_are_complete_small_and_embedded(
    site: SiteBuild, site_zh: SiteBuild, data: SiteData
) -> None:
    for edition in (site, site_zh):
        pdf = _pdf(edition, data)
        assert 1 <= len(pdf.reader.pages) <= 2
        assert all(pdf.fonts().values())
        meta = pdf.reader.metadata
        assert meta.title
        assert meta.author
        assert meta.subject


@has_pdf
def test_page_one_of_each_edition_renders(
    site: SiteBuild, site_zh: SiteBuild, data: SiteData
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, edition in (("en", site), ("zh", site_zh)):
        png, rows = render_first_page(_pdf(edition, data).path, SHOTS / name)
        ink_rows = sum(1 for row in rows if any(pixel < 200 for pixel in row))
        assert ink_rows > len(rows) // 4, png  # a page of text, not a blank
