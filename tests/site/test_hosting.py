"""The whole site as a crawler and a second host see it: both editions found
from the root, one canonical address, a feed and llms.txt from the data.

Everything expected is derived from the built output, ``docs/conf.py`` and
the data files, so the owner's edits keep these tests green.
"""

from __future__ import annotations

import posixpath
import re
import runpy
import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urldefrag, urljoin
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from academic_site.outputs.paper_pages import paper_pagename
from academic_site.papers.bibliography import load_papers
from academic_site.site.urls import UNINDEXED_PAGES
from academic_site.sources.profile import load_profile
from tests.conftest import DOCS
from tests.site.conftest import SiteData, site_cases

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
#: What paper_pagename reads of the configuration (the default folder).
PAPERS_CONFIG = SimpleNamespace(homepage_papers_dir="papers")


def local_file(root: Path, url: str, base: str) -> Path | None:
    """The built file an address of the site (under its canonical address
    *base*) names (``…/zh/`` is its ``index.html``), or ``None`` for an
    address off the site."""
    url = urldefrag(url).url.split("?")[0]
    if not url.startswith(base):
        return None
    path = url.removeprefix(base)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return root / path


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def indexable_pages(root: Path) -> set[Path]:
    """Every page of both editions a search engine should find (not a
    renamed page's redirect, which says ``noindex``)."""
    return {
        path
        for path in root.rglob("*.html")
        if posixpath.splitext(path.name)[0] not in UNINDEXED_PAGES
        and not parse(path).find("meta", attrs={"name": "robots", "content": "noindex"})
    }


def crawl(root: Path, base: str) -> set[Path]:
    """Every page found from the root address *base*, as a crawler would:
    following links and ``hreflang`` alternates, and the sitemaps robots.txt
    names."""
    queue = [base]
    robots = (root / "robots.txt").read_text("utf-8")
    queue += re.findall(r"(?m)^Sitemap: (\S+)$", robots)
    seen: set[str] = set()
    found: set[Path] = set()
    while queue:
        url = urldefrag(queue.pop()).url
        path = local_file(root, url, base)
        if url in seen or path is None or not path.is_file():
            continue
        seen.add(url)
        if path.suffix == ".xml" and path.name.startswith("sitemap"):
            tree = ElementTree.parse(path)
            queue += [loc.text for loc in tree.iter(f"{SITEMAP_NS}loc") if loc.text]
        elif path.suffix == ".html":
            found.add(path)
            page = parse(path)
            hrefs = [a.get("href") for a in page.find_all("a")]
            hrefs += [link.get("href") for link in page.find_all("link")]
            queue += [urljoin(url, href) for href in hrefs if href]
    return found


def test_a_crawler_from_the_root_finds_every_page_of_both_editions(
    whole_site: Path, data: SiteData
) -> None:
    pages = indexable_pages(whole_site)
    assert any(path.is_relative_to(whole_site / "zh") for path in pages)
    missing = pages - crawl(whole_site, data.base)
    assert not missing, sorted(str(path.relative_to(whole_site)) for path in missing)


def test_the_crawler_would_miss_an_unlinked_page(
    whole_site: Path, data: SiteData, tmp_path: Path
) -> None:
    """It can fail: a page no link, alternate or sitemap names is not found."""
    root = tmp_path / "html"
    shutil.copytree(whole_site, root)
    orphan = root / "zh" / "orphan.html"
    orphan.write_text("<!doctype html><title>orphan</title>", encoding="utf-8")
    assert orphan in indexable_pages(root) - crawl(root, data.base)


def test_the_root_robots_txt_names_both_sitemaps(
    whole_site: Path, data: SiteData
) -> None:
    robots = (whole_site / "robots.txt").read_text("utf-8")
    sitemaps = re.findall(r"(?m)^Sitemap: (\S+)$", robots)
    assert sitemaps == [data.base + "sitemap.xml", data.base + "zh/sitemap.xml"]
    for sitemap in sitemaps:
        assert local_file(whole_site, sitemap, data.base).is_file(), sitemap
    # A robots.txt below the root is never read; none is written there.
    assert not (whole_site / "zh" / "robots.txt").exists()


@site_cases("edition", lambda data: list(data.editions.values()))
def test_every_alternate_is_the_canonical_address_of_the_page_it_names(
    whole_site: Path, data: SiteData, edition: str
) -> None:
    problems = []
    for path in sorted(indexable_pages(whole_site / edition.rstrip("/"))):
        if edition == "" and path.is_relative_to(whole_site / "zh"):
            continue
        page = parse(path)
        alternates = {
            link["hreflang"]: link["href"]
            for link in page.find_all("link", rel="alternate")
            if link.get("hreflang")
        }
        assert alternates.get("x-default") == alternates.get("en"), path
        for language, url in alternates.items():
            target = local_file(whole_site, url, data.base)
            canonical = parse(target).find("link", rel="canonical")
            if canonical is None or canonical["href"] != url:
                problems.append(f"{path.name}: {language} {url} is not canonical")
        # The language switch leads to the same address as the alternate.
        own = canonical_of(page)
        for switch in page.select(".sidebar-language-switch a"):
            target_url = urljoin(own, switch["href"])
            if target_url != alternates[switch["hreflang"]]:
                problems.append(f"{path.name}: switch to {target_url}")
    assert not problems, "\n".join(problems)


def canonical_of(page: BeautifulSoup) -> str:
    return page.find("link", rel="canonical")["href"]


def test_the_root_pages_are_named_by_their_folders(whole_site: Path) -> None:
    home = parse(whole_site / "index.html")
    addresses = [link["href"] for link in home.find_all("link", hreflang=True)]
    addresses += [a["href"] for a in home.select(".sidebar-language-switch a")]
    assert addresses
    assert not [url for url in addresses if url.endswith("index.html")]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, None),  # conf.py's own address
        # Read the Docs' own address never becomes the canonical one.
        ({"READTHEDOCS_CANONICAL_URL": "https://h.readthedocs.io/"}, None),
        ({"HOMEPAGE_CANONICAL_URL": "https://example.org/"}, "https://example.org/"),
    ],
)
def test_one_setting_names_the_canonical_address(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str | None
) -> None:
    monkeypatch.delenv("HOMEPAGE_CANONICAL_URL", raising=False)
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    default = runpy.run_path(str(DOCS / "conf.py"))["html_baseurl"]
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    html_baseurl = runpy.run_path(str(DOCS / "conf.py"))["html_baseurl"]
    assert html_baseurl == (expected or default)


def _profile(data: SiteData) -> object:
    return load_profile(data.docs / data.conf["homepage_profile_file"])


@site_cases("edition", lambda data: list(data.editions.values()))
def test_each_edition_has_its_own_feed(
    whole_site: Path, data: SiteData, edition: str
) -> None:
    profile, base = _profile(data), data.base
    feed = ElementTree.parse(whole_site / edition / "news.xml").getroot()
    assert feed.find(f"{ATOM}id").text == base + edition + "news.xml"
    title = feed.find(f"{ATOM}title").text
    # The Chinese feed names the owner as the Chinese edition writes him.
    name = profile.native_name if edition and profile.native_name else profile.name
    assert name in title
    home = parse(whole_site / edition / "index.html")
    link = home.find("link", type="application/atom+xml")
    assert urljoin(base + edition, link["href"]) == base + edition + "news.xml"
    assert link["title"] == title


def test_llms_txt_is_made_from_the_data(whole_site: Path, data: SiteData) -> None:
    profile, base = _profile(data), data.base
    text = (whole_site / "llms.txt").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0].startswith(f"# {profile.name}")
    assert any(line.startswith("> ") for line in lines[1:4])
    for paper in load_papers(data.bib_path):
        url = f"{base}{paper_pagename(PAPERS_CONFIG, paper.key)}.html"
        assert f"]({url})" in text, paper.key
        assert local_file(whole_site, url, base).is_file()
    if profile.email:
        assert f"(mailto:{profile.email})" in text
    for link in profile.links:
        assert f"]({link.url})" in text
    # The research interests: the home page's list, as the page shows it.
    home = parse(whole_site / "index.html")
    for item in home.select("section#research-interests li"):
        assert f"- {item.get_text(' ', strip=True)}" in text
    # Every address on the site it names is a built file.
    for url in re.findall(r"\]\((https://[^)]+)\)", text):
        if url.startswith(base):
            assert local_file(whole_site, url, base).is_file(), url
    # Only the root edition has one: the convention names /llms.txt.
    assert not (whole_site / "zh" / "llms.txt").exists()
