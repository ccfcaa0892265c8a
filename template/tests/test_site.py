"""The built site follows its own data: the toctree, the .bib, conf.py."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from pybtex.database import parse_file

DOCS = Path(__file__).resolve().parent.parent / "docs"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def toctree_pages() -> list[str]:
    """The pages index.md's toctree lists (a "Title <page>" entry too)."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    block = re.search(r"```\{toctree\}\n(.*?)```", text, re.DOTALL).group(1)
    entries = [line.strip() for line in block.splitlines()]
    entries = [entry for entry in entries if entry and not entry.startswith(":")]
    return [re.sub(r"^.*<(.+)>$", r"\1", entry) for entry in entries]


def test_every_page_of_the_toctree_is_built_with_one_heading(site):
    for page in ["index", *toctree_pages()]:
        html = soup(site / f"{page}.html")
        assert len(html.find_all("h1")) == 1, page


def test_every_paper_of_the_bib_is_on_the_publications_page(site):
    keys = set(parse_file(DOCS / "publications.bib").entries.keys())
    listed = {
        item["id"] for item in soup(site / "publications.html").select("li.publication")
    }
    assert listed == keys


def test_no_internal_link_is_broken(site):
    for page in site.rglob("*.html"):
        for tag in soup(page).find_all(["a", "link", "img", "script"]):
            target = tag.get("href") or tag.get("src")
            if not target or urlsplit(target).scheme or target.startswith(("#", "//")):
                continue
            path = unquote(urlsplit(target).path)
            # The 404 page links from the site's root: it is served at any depth.
            base = site if path.startswith("/") else page.parent
            if path:
                assert (base / path.lstrip("/")).resolve().exists(), f"{page}: {target}"


def test_every_page_names_its_address_under_the_canonical_one(site, config):
    base = config["html_baseurl"]
    for page in site.glob("*.html"):
        link = soup(page).find("link", rel="canonical")
        if page.name in {"search.html", "404.html"}:
            continue
        assert link is not None, page.name
        assert link["href"].startswith(base), (page.name, link["href"])
