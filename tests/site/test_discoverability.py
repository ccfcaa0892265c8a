"""What search engines, Google Scholar, chat apps and feed readers get.

The page set, the papers, the owner and the news are derived from the site's
own ``data/*.yaml``, ``publications.bib`` and toctree (:class:`SiteData`);
the seed papers' own tags are checked by hand from ``publications.bib``. The
site is built for its default address.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.conftest import DOCS, REPO
from tests.helpers import SiteBuild
from tests.site.conftest import (
    SiteData,
    applies,
    docs_only,
    is_seed,
    plain,
    while_seed,
)


def sitemap(data: SiteData, base: str | None = None) -> set[str]:
    """The real pages, as the sitemap must list them: the toctree's pages
    and each paper's page, under *base* (the site's canonical address)."""
    return {(base or data.base) + page for page in _real_pages(data)}


def _real_pages(data: SiteData) -> list[str]:
    """The toctree's pages and each paper's page, as addresses under the base."""
    pages = [page.removesuffix("index.html") for page in data.pages]
    return pages + [f"{entry.page}.html" for entry in data.entries]


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _json_ld(page: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string)
        for script in page.find_all("script", type="application/ld+json")
    ]


def _nodes(block: dict) -> list[dict]:
    return block.get("@graph", [block])


def _meta(page: BeautifulSoup, **attrs: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs=attrs)]


def _html_pages(site: SiteBuild, data: SiteData) -> list[str]:
    """Every page of the site (not a renamed page's redirect)."""
    return [str(p) for p in site.pages() if str(p) not in data.stubs]


# -- JSON-LD -------------------------------------------------------------------


def test_every_json_ld_block_parses_and_uses_schema_org(
    site: SiteBuild, data: SiteData
) -> None:
    blocks = 0
    for name in _html_pages(site, data):
        for block in _json_ld(site.page(name)):
            blocks += 1
            assert block["@context"] == "https://schema.org", name
            for node in _nodes(block):
                assert node["@type"] in {"Person", "WebSite", "ScholarlyArticle"}
    # Two on the home page, the publications page and one per paper page.
    assert blocks == 3 + len(data.entries)


def test_home_page_describes_the_owner_as_a_person(
    site: SiteBuild, data: SiteData
) -> None:
    profile = data.profile
    person, website = _json_ld(site.page("index.html"))
    assert person["@type"] == "Person"
    assert person["name"] == profile["name"]
    assert person["alternateName"] == [
        profile["native_name"],
        *profile.get("alternate_names", []),
    ]
    assert person["url"] == data.base
    assert person["email"] == profile["email"]
    affiliations = " ".join(org["name"] for org in person["affiliation"])
    assert profile["affiliation"].split(", ")[-1] in affiliations
    assert profile["lab"]["label"] in affiliations
    assert person["sameAs"] == [link["url"] for link in profile["links"]]
    assert [lang["name"] for lang in person["knowsLanguage"]] == profile["languages"]
    assert website == {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": profile["name"],
        "alternateName": profile["native_name"],
        "url": data.base,
        "inLanguage": "en",
    }


def test_publications_page_has_a_scholarly_article_per_paper(
    site: SiteBuild, data: SiteData
) -> None:
    (block,) = _json_ld(site.page("publications.html"))
    articles = {node["@id"]: node for node in _nodes(block)}
    assert set(articles) == {url for url in sitemap(data) if "/papers/" in url}
    for article in articles.values():
        assert article["@type"] == "ScholarlyArticle"
        assert article["name"]
        assert article["headline"] == article["name"]
        assert article["author"]
        assert all(author["name"] for author in article["author"])
        assert re.fullmatch(r"\d{4}", article["datePublished"])
        assert article.get("url", "https://").startswith("https://")  # if any

    if not (is_seed(data, "huang2024locret") and is_seed(data, "qin2024toollearning")):
        return  # the owner edited them: the checks above cover every paper
    locret = articles[data.base + "papers/huang2024locret.html"]
    assert [a["name"] for a in locret["author"]] == [
        "Yuxiang Huang",
        "Binhang Yuan",
        "Xu Han",
        "Chaojun Xiao",
        "Zhiyuan Liu",
    ]
    assert locret["author"][0]["@id"] == data.base + "#person"
    assert locret["url"] == "https://arxiv.org/abs/2410.01805"
    assert locret["datePublished"] == "2024"
    tools = articles[data.base + "papers/qin2024toollearning.html"]
    assert tools["isPartOf"] == {"@type": "Periodical", "name": "ACM Computing Surveys"}
    assert "https://doi.org/10.1145/3704435" in [tools["url"], *tools["sameAs"]]
    doi = {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1145/3704435"}
    assert doi in tools["identifier"]
    assert len(tools["author"]) == 43


# -- Google Scholar ------------------------------------------------------------


@while_seed("xiao2022encoding")
def test_a_paper_page_carries_highwire_tags(site: SiteBuild, data: SiteData) -> None:
    page = site.page("papers/xiao2022encoding.html")
    assert _meta(page, name="citation_title") == [
        "Time Series Data Encoding for Efficient Storage: "
        "A Comparative Analysis in Apache IoTDB"
    ]
    assert _meta(page, name="citation_author") == [
        "Jinzhao Xiao",
        "Yuxiang Huang",
        "Changyu Hu",
        "Shaoxu Song",
        "Xiangdong Huang",
        "Jianmin Wang",
    ]
    assert _meta(page, name="citation_publication_date") == ["2022"]
    assert _meta(page, name="citation_journal_title") == [
        "Proceedings of the VLDB Endowment"
    ]
    # The seed marks this paper's DOI unverified, so the site does not claim it.
    assert _meta(page, name="citation_doi") == []
    assert _meta(page, name="citation_pdf_url") == [
        "https://www.vldb.org/pvldb/vol15/p2148-song.pdf"
    ]


@while_seed("zhao2024calora")
def test_a_conference_paper_names_its_conference(site: SiteBuild) -> None:
    page = site.page("papers/zhao2024calora.html")
    assert _meta(page, name="citation_conference_title") == [
        "First Conference on Language Modeling"
    ]
    assert _meta(page, name="citation_journal_title") == []
    assert _meta(page, name="citation_arxiv_id") == ["2307.07705"]


@while_seed("huang2024locret")
def test_an_arxiv_preprint_is_not_given_a_journal(site: SiteBuild) -> None:
    page = site.page("papers/huang2024locret.html")
    assert _meta(page, name="citation_journal_title") == []
    assert _meta(page, name="citation_pdf_url") == ["https://arxiv.org/pdf/2410.01805"]


@while_seed("zhao2024calora")
def test_a_paper_page_shows_the_paper_and_its_bibtex(site: SiteBuild) -> None:
    page = site.page("papers/zhao2024calora.html")
    article = page.find("article")
    assert article.h1.get_text() == (
        "CA-LoRA: Adapting Existing LoRA for Compressed LLMs to Enable "
        "Efficient Multi-Tasking on Personal Devices"
    )
    assert article.find("strong").get_text() == "Yuxiang Huang"
    assert "@inproceedings{zhao2024calora," in article.pre.get_text()


# -- URLs ----------------------------------------------------------------------


def test_canonical_link_is_the_page_address(site: SiteBuild, data: SiteData) -> None:
    # Every page of the toctree and every paper's page, under the canonical
    # address of the site's own conf.py (a custom domain included).
    for address in _real_pages(data):
        page = address or "index.html"
        (canonical,) = site.page(page).find_all("link", rel="canonical")
        assert canonical["href"] == data.base + address, page
        assert _meta(site.page(page), property="og:url") == [data.base + address]


def test_unindexed_pages_say_so_and_have_no_canonical(site: SiteBuild) -> None:
    for name in ("404.html", "search.html"):
        page = site.page(name)
        assert "noindex" in _meta(page, name="robots"), name
        assert page.find("link", rel="canonical") is None, name
    assert not (site.outdir / "genindex.html").exists()


def test_sitemap_lists_the_real_pages_under_the_base(
    site: SiteBuild, data: SiteData
) -> None:
    root = ElementTree.parse(site.outdir / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert len(locs) == len(set(locs))
    assert set(locs) == sitemap(data)
    for loc in locs:
        path = loc.removeprefix(data.base) or "index.html"
        assert (site.outdir / path).is_file(), loc


def test_robots_txt_points_to_the_sitemap(site: SiteBuild, data: SiteData) -> None:
    lines = (site.outdir / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {data.base}sitemap.xml" in lines


def test_no_versioned_url_anywhere(site: SiteBuild) -> None:
    for path in site.outdir.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt", ".js"}:
            assert "/en/latest/" not in path.read_text("utf-8"), path


# -- Titles, descriptions, cards -----------------------------------------------


def test_every_page_has_a_unique_title_and_description(
    site: SiteBuild, data: SiteData
) -> None:
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for name in _html_pages(site, data):
        page = site.page(name)
        title = page.title.get_text().strip()
        (description,) = _meta(page, name="description")
        assert title, name
        assert description, name
        assert title not in titles, (name, titles.get(title))
        assert description not in descriptions, (name, descriptions.get(description))
        titles[title] = descriptions[description] = name


def test_front_matter_description_is_the_opengraph_description(
    site: SiteBuild,
) -> None:
    for name in ("index.html", "cv.html", "papers/hu2024minicpm.html"):
        page = site.page(name)
        assert _meta(page, property="og:description") == _meta(
            page, name="description"
        ), name


def test_social_card_is_absolute_and_shipped(site: SiteBuild, data: SiteData) -> None:
    page = site.page(data.pages[-1])
    (image,) = _meta(page, property="og:image")
    assert image == data.base + "_static/social-card.png"
    assert (site.outdir / "_static/social-card.png").is_file()
    assert _meta(page, property="og:image:width") == ["1200"]
    assert _meta(page, property="og:image:height") == ["630"]
    assert _meta(page, name="twitter:card") == ["summary_large_image"]
    # Made from the profile, as the card is: what the card shows.
    assert _meta(page, property="og:image:alt") == [
        "Yuxiang Huang, 黄宇翔: Dept. of Computer Science and Technology, "
        "Tsinghua University · THUNLP"
    ]


# -- Feed ----------------------------------------------------------------------


def test_every_page_links_the_feed_and_icons(site: SiteBuild, data: SiteData) -> None:
    for name in _html_pages(site, data):
        page = site.page(name)
        feeds = page.find_all("link", type="application/atom+xml")
        assert len(feeds) == (1 if data.has_news else 0), name  # no news: no feed
        assert all(feed["rel"] == ["alternate"] for feed in feeds), name
        rels = [" ".join(link["rel"]) for link in page.find_all("link", href=True)]
        assert rels.count("icon") == 2, name
        assert "apple-touch-icon" in rels, name
        assert len(_meta(page, name="theme-color")) == 2, name
    assert (site.outdir / "favicon.ico").is_file()


def _first_instant(date: str) -> str:
    year, month, day = ([*date.split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


@applies(lambda data: data.has_news)
def test_feed_is_atom_with_stable_ids_and_honest_dates(
    site: SiteBuild, data: SiteData
) -> None:
    root = ElementTree.parse(site.outdir / "news.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == data.base + "news.xml"
    for link in root.findall(f"{ATOM}link"):
        assert link.get("href").startswith(data.base)
    entries = root.findall(f"{ATOM}entry")
    news = data.news
    assert news, "the site has news"
    # Every item of news.yaml, newest first, as the file has them.
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        plain(item["text"]) for item in news
    ]
    # The id counts an item's date from the oldest item of that date.
    ids = []
    for index, item in enumerate(news):
        same_date_older = [i for i in news[index:] if i["date"] == item["date"]]
        ids.append(f"{data.base}#news-{item['date']}-{len(same_date_older)}")
    assert [e.find(f"{ATOM}id").text for e in entries] == ids
    for entry, item in zip(entries, news, strict=True):
        assert entry.find(f"{DC}date").text == item["date"]
        assert entry.find(f"{ATOM}updated").text == _first_instant(item["date"])
        assert entry.find(f"{ATOM}link").get("href").startswith(data.base)
    assert root.find(f"{ATOM}updated").text == max(
        _first_instant(item["date"]) for item in news
    )


# -- 404 -----------------------------------------------------------------------


def test_not_found_page_links_resolve_from_a_nested_path(
    site: SiteBuild, data: SiteData
) -> None:
    missing = data.base + "a/b/c/missing"
    page = site.page("404.html")
    checked = 0
    for element in page.find_all(["a", "link", "script", "img"]):
        url = element.get("href") or element.get("src")
        if not url or url.startswith("#"):
            continue
        absolute = urljoin(missing, url)
        if not absolute.startswith(data.base):
            assert urlsplit(absolute).scheme == "https", url
            continue
        path = unquote(urlsplit(absolute).path).removeprefix("/") or "index.html"
        if path.startswith("zh/"):
            continue  # the Chinese edition is another build: test_zh.py
        assert (site.outdir / path).is_file(), url
        checked += 1
    # The stylesheets, scripts, icons, navigation and the page's own links.
    assert checked > 15
    hrefs = {a["href"] for a in page.find("article").find_all("a", href=True)}
    assert {"/index.html", "/publications.html"} <= hrefs


# -- Images --------------------------------------------------------------------


def _make_images():
    spec = importlib.util.spec_from_file_location(
        "make_images", REPO / "tools" / "make_images.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icons_and_card_are_drawn_from_the_current_profile(site_source: Path) -> None:
    tool = _make_images()
    from academic_site.sources.profile import load_profile

    profile = load_profile(site_source / "data" / "profile.yaml")
    svg = (site_source / "_static" / "favicon.svg").read_text("utf-8")
    assert svg == tool.favicon_svg(profile), "run tools/make_images.py"
    assert ">YH<" in svg
    for name, (page, width, height) in tool.sources(profile).items():
        data = (site_source / "_static" / name).read_bytes()
        stamp = tool.png_text_chunks(data)[tool.STAMP_KEY]
        assert stamp == hashlib.sha256(page.encode()).hexdigest(), (
            f"{name} is stale: run tools/make_images.py"
        )
        assert data[16:24] == width.to_bytes(4, "big") + height.to_bytes(4, "big")
    ico = (site_source / "_extra" / "favicon.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0"
    assert ico[22:] == (site_source / "_static" / "favicon-32.png").read_bytes()


# -- Another edition -----------------------------------------------------------


@docs_only
def test_another_base_url_moves_every_absolute_url(
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
    no_network: None,
    data: SiteData,
) -> None:
    zh = "https://example.org/zh/"
    app = make_app(
        "html",
        srcdir=DOCS,
        builddir=tmp_path,
        freshenv=True,
        confoverrides={"html_baseurl": zh},
    )
    app.build()
    # The session's own build left Sphinx's nodes registered, which warns
    # here; what matters is that nothing of this site's warns.
    warnings = strip_colors(app.warning.getvalue()).splitlines()
    assert [w for w in warnings if "already registered" not in w] == []
    build = SiteBuild(Path(app.outdir), "", app.statuscode)
    index = build.page("index.html")
    assert index.find("link", rel="canonical")["href"] == zh
    assert _json_ld(index)[0]["url"] == zh
    root = ElementTree.parse(build.outdir / "sitemap.xml").getroot()
    locs = {loc.text for loc in root.iter(f"{SITEMAP_NS}loc")}
    assert locs == sitemap(data, zh)
    feed = ElementTree.parse(build.outdir / "news.xml").getroot()
    assert feed.find(f"{ATOM}id").text == zh + "news.xml"
    not_found = build.page("404.html")
    hrefs = {a["href"] for a in not_found.find("article").find_all("a", href=True)}
    assert "/zh/index.html" in hrefs
    assert f"Sitemap: {zh}sitemap.xml" in (build.outdir / "robots.txt").read_text()
