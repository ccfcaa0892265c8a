"""The real site: it builds clean, shows every seed fact, and links well."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.helpers import SiteBuild, build_site
from tests.site.conftest import SiteData, applies, docs_only, plain, site_cases

SEED = yaml.safe_load((Path(__file__).parent / "seed_facts.yaml").read_text("utf-8"))


def _text(site: SiteBuild, page: str) -> str:
    main = site.page(page).find("article") or site.page(page)
    return re.sub(r"\s+", " ", main.get_text())


def test_builds_clean_with_nitpicky_and_warnings_as_errors(site: SiteBuild) -> None:
    assert site.status == 0
    assert site.warnings == ""


@functools.cache
def _sources_text(docs: Path, *, markup: bool = False) -> str:
    """What the site's sources say: the pages, the data files and the .bib;
    as a reader reads it (MyST links by their text, TeX braces dropped), or
    with *markup* as written."""
    text = "\n".join(
        path.read_text("utf-8")
        for path in sorted(docs.rglob("*"))
        if path.suffix in {".md", ".yaml", ".bib"}
        and not {"_build", "locales"} & set(path.parts)
    )
    return text if markup else plain(text).replace("{", "").replace("}", "")


def _seed_facts(data: SiteData) -> list[tuple[str, str]]:
    """The seed facts the site's sources still say (a seed fact is the owner's
    word until the owner edits it; then the tests that follow the data check
    the page instead), as (page, fact), on the page's present name."""
    return [
        (data.now(page), " ".join(fact.split()))
        for page, facts in SEED["facts"].items()
        for fact in facts
        if plain(" ".join(fact.split())) in _sources_text(data.docs)
    ]


def _seed_links(data: SiteData) -> list[tuple[str, str]]:
    """As :func:`_seed_facts`: the seed links the sources still give."""
    return [
        (data.now(page), href)
        for page, hrefs in SEED["links"].items()
        for href in hrefs
        if href.removeprefix("mailto:") in _sources_text(data.docs, markup=True)
    ]


@site_cases("page, fact", _seed_facts)
def test_seed_fact_is_on_its_page(site: SiteBuild, page: str, fact: str) -> None:
    assert fact in _text(site, page)


@site_cases("page, href", _seed_links)
def test_seed_link_is_on_its_page(site: SiteBuild, page: str, href: str) -> None:
    hrefs = {a["href"] for a in site.page(page).find_all("a", href=True)}
    assert href in hrefs


@pytest.mark.parametrize("text", SEED["forbidden"])
def test_no_page_shows_forbidden_text(site: SiteBuild, text: str) -> None:
    for page in site.pages():
        assert text not in _text(site, str(page)), page


def test_every_page_is_reachable_from_the_home_page(
    site: SiteBuild, data: SiteData
) -> None:
    hrefs = {a["href"] for a in site.page("index.html").find_all("a", href=True)}
    assert data.pages[1:]
    assert [page for page in data.pages[1:] if page not in hrefs] == []


def test_the_not_found_page_exists(site: SiteBuild) -> None:
    assert "Page not found" in _text(site, "404.html")


def _links(site: SiteBuild) -> list[tuple[Path, str]]:
    return [
        (page, element.get("href") or element.get("src"))
        for page in site.pages()
        for element in site.page(str(page)).find_all(["a", "link", "script", "img"])
        if element.get("href") or element.get("src")
    ]


def test_external_links_are_https_or_mailto(site: SiteBuild) -> None:
    for page, url in _links(site):
        parts = urlsplit(url)
        if parts.scheme in ("", "#"):
            continue
        assert parts.scheme in ("https", "mailto"), (page, url)
        if parts.scheme == "https":
            assert parts.netloc, (page, url)
            assert " " not in url, (page, url)
        else:
            assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", parts.path), (page, url)


def test_internal_links_and_anchors_resolve(site: SiteBuild) -> None:
    for page, url in _links(site):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue
        if re.match(r"(/|(\.\./)*)zh/", url):
            continue  # the Chinese edition: tests/site/test_zh.py checks these
        if parts.path.startswith("/"):
            # Root-relative (the 404 page's links): the site is built for "/".
            target = site.outdir / unquote(parts.path).lstrip("/")
        elif parts.path:
            target = (site.outdir / page).parent / unquote(parts.path)
        else:
            target = site.outdir / page
        target = target.resolve()
        assert target.is_relative_to(site.outdir.resolve()), (page, url)
        if target.is_dir():
            target /= "index.html"
        assert target.exists(), (page, url)
        if parts.fragment and target.suffix == ".html":
            ids = {
                e["id"]
                for e in site.page(
                    str(target.relative_to(site.outdir.resolve()))
                ).find_all(id=True)
            }
            assert unquote(parts.fragment) in ids, (page, url)


@docs_only
def test_two_clean_builds_are_byte_identical(
    site: SiteBuild,
    site_source: Path,
    tmp_path: Path,
    no_network: None,
) -> None:
    if site.pid not in (None, os.getpid()):
        # Built by another worker: compare two builds of this process.
        site = build_site(site_source, tmp_path / "first")
    again = build_site(site_source, tmp_path)
    first = {
        p.relative_to(site.outdir): p.read_bytes()
        for p in site.outdir.rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(again.outdir): p.read_bytes()
        for p in again.outdir.rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_build_reads_no_network(tmp_path: Path, no_network: None) -> None:
    # The guard itself must work, or the build tests above prove nothing.
    import socket

    with pytest.raises(RuntimeError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))


@applies(lambda data: data.has_news)
def test_every_news_item_is_on_the_home_page_in_order(
    site: SiteBuild, data: SiteData
) -> None:
    items = site.page("index.html").select("li.news-item")
    assert data.news, "the site has news"
    assert len(items) == len(data.news)
    for item, news in zip(items, data.news, strict=True):
        shown = re.sub(r"\s+", " ", item.get_text()).strip()
        assert plain(news["text"]) in shown, news
        assert news["date"][:4] in item.select_one(".news-date").get_text()
