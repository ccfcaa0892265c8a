"""Every hand-written HTML fragment escapes the data it carries.

The test-hostile root is built once with the payloads of issue 13 in every
field that accepts free text (profile, news, ``.bib``); each accepted value
must come out exactly as written, as text, with no change to the page's
structure. Each test fails if the escape it guards is removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from academic_site.outputs.metadata import card_description
from academic_site.outputs.paper_pages import paper_description
from academic_site.papers.bibliography import load_papers
from academic_site.site import escaping
from academic_site.sources.profile import load_profile
from tests.extension.hostile import (
    PAYLOADS,
    ROOT,
    PageShape,
    json_ld_blocks,
    parse,
    structure_problems,
)
from tests.helpers import SiteBuild, build_site, copy_root

ATOM = "{http://www.w3.org/2005/Atom}"

#: One value holding every payload (a value from data is one string).
HOSTILE = " ".join(PAYLOADS[:-1])
#: The same in BibTeX: "&" is escaped there, and braces stay balanced.
HOSTILE_BIB = HOSTILE.replace("&", r"\&")


def _hostile_files() -> dict[str, str]:
    profile = yaml.safe_load((ROOT / "data" / "profile.yaml").read_text("utf-8"))
    for field in ("native_name", "tagline", "affiliation", "location"):
        profile[field] = f"{profile[field]} {HOSTILE}"
    profile["name"] = f"Ada {HOSTILE}"
    profile["lab"]["label"] = HOSTILE
    profile["links"][0]["label"] = HOSTILE
    profile["alternate_names"] = [HOSTILE]
    news = yaml.safe_load((ROOT / "data" / "news.yaml").read_text("utf-8"))
    news[1]["text"] = f"Met <script>alert(1)</script> Babbage. {HOSTILE}"
    bib = (ROOT / "refs.bib").read_text("utf-8")
    bib = bib.replace(
        "Notes on the Analytical Engine", f"Notes on the Engine {HOSTILE_BIB}"
    )
    bib = bib.replace(
        "{Menabrea, Luigi and Lovelace", "{Menabrea, X<b>Luigi and Lovelace"
    )
    bib = bib.replace("{Reprinted}", "{" + HOSTILE_BIB + "}")
    dump = {"allow_unicode": True, "sort_keys": False}
    return {
        "data/profile.yaml": yaml.safe_dump(profile, **dump),
        "data/news.yaml": yaml.safe_dump(news, **dump),
        "refs.bib": bib,
    }


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The root as it is, with harmless data."""
    workdir = tmp_path_factory.mktemp("baseline")
    return build_site(copy_root(ROOT, workdir / "src", None), workdir)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The root with the payloads in every free-text field."""
    workdir = tmp_path_factory.mktemp("hostile")
    return build_site(
        copy_root(ROOT, workdir / "src", _hostile_files()),
        workdir,
        warnings_are_errors=False,
    )


@pytest.fixture(scope="module")
def srcdir(hostile: SiteBuild) -> Path:
    return hostile.outdir.parent / "src"


def _page(build: SiteBuild, name: str) -> BeautifulSoup:
    return parse(build.outdir / name)


def test_hostile_text_is_accepted_and_changes_no_page(
    baseline: SiteBuild, hostile: SiteBuild
) -> None:
    # The one news item with raw HTML is shown as text, with one warning;
    # every other field takes the payloads as text without one.
    warnings = hostile.warnings.strip().splitlines()
    assert len(warnings) == 1, hostile.warnings
    assert "news.yaml:" in warnings[0]
    assert "raw HTML" in warnings[0]
    pages = hostile.pages()
    assert pages == baseline.pages()
    for page in pages:
        shape = PageShape.of(_page(baseline, str(page)))
        assert structure_problems(_page(hostile, str(page)), shape) == [], page


def test_json_ld_holds_the_data_and_no_markup(hostile: SiteBuild, srcdir: Path) -> None:
    profile = load_profile(srcdir / "data" / "profile.yaml")
    papers = load_papers(srcdir / "refs.bib")
    person, _website = json_ld_blocks(_page(hostile, "index.html"))
    assert person["name"] == profile.name
    assert person["affiliation"][0]["name"] == profile.affiliation
    [graph] = json_ld_blocks(_page(hostile, "publications.html"))
    assert [node["name"] for node in graph["@graph"]] == [p.title for p in papers]
    for paper in papers:
        [article] = json_ld_blocks(_page(hostile, f"papers/{paper.key}.html"))
        assert article["name"] == paper.title
    assert any("</script><script>" in paper.title for paper in papers)
    # Nothing the HTML tokenizer or a JavaScript parser would act on is raw.
    for page in hostile.pages():
        html = (hostile.outdir / page).read_text("utf-8")
        for block in _page(hostile, str(page)).find_all(
            "script", type="application/ld+json"
        ):
            for char in "<>&\u2028\u2029":
                assert char not in block.string, (page, char)
        assert "<!--<script>" not in html, page


def test_paper_meta_tags_hold_the_data_exactly(
    hostile: SiteBuild, srcdir: Path
) -> None:
    papers = load_papers(srcdir / "refs.bib")
    paper = next(p for p in papers if "<script>" in p.title)
    page = _page(hostile, f"papers/{paper.key}.html")
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == (
        paper.title
    )
    authors = page.find_all("meta", attrs={"name": "citation_author"})
    assert [a["content"] for a in authors] == list(paper.authors)
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        paper_description(paper)
    )
    assert page.find("meta", property="og:title")["content"] == paper.title


def test_paper_page_shows_the_title_as_text(hostile: SiteBuild, srcdir: Path) -> None:
    papers = load_papers(srcdir / "refs.bib")
    for paper in papers:
        page = _page(hostile, f"papers/{paper.key}.html")
        heading = page.select_one(".paper-page h1")
        assert heading.get_text() == paper.title
        assert page.title.get_text().startswith(paper.title)
        assert heading.find(True) is None  # no element made from the title
        assert page.select_one(".paper-authors b") is None
        assert page.select_one(".paper-page script, .paper-page img") is None


def test_opengraph_image_alt_holds_the_profile_exactly(
    hostile: SiteBuild, srcdir: Path
) -> None:
    profile = load_profile(srcdir / "data" / "profile.yaml")
    for name in ("index.html", "publications.html", "papers/lovelace1843notes.html"):
        alt = _page(hostile, name).find("meta", property="og:image:alt")
        assert alt["content"] == card_description(profile), name


def test_feed_link_title_holds_the_name_exactly(
    hostile: SiteBuild, srcdir: Path
) -> None:
    profile = load_profile(srcdir / "data" / "profile.yaml")
    link = _page(hostile, "index.html").find("link", type="application/atom+xml")
    assert link["title"] == f"News of {profile.name}"


def test_feed_shows_the_news_html_as_text(hostile: SiteBuild) -> None:
    feed = ElementTree.parse(hostile.outdir / "news.xml")
    contents = [e.text for e in feed.iter(f"{ATOM}content")]
    bodies = [BeautifulSoup(content, "html5lib") for content in contents]
    assert any("Met <script>alert(1)</script> Babbage" in b.get_text() for b in bodies)
    for body in bodies:
        assert body.find("script") is None
        assert structure_problems(body, PageShape.of(body)) == []
        assert {tag.name for tag in body.body.find_all(True)} <= {
            *escaping.FEED_TAGS,
            "p",
        }


def test_feed_html_keeps_only_the_allow_list() -> None:
    fragment = (
        '<img src="https://x.example/t.png" onerror="alert(1)">'
        '<a href="javascript:alert(1)" onclick="alert(1)">a</a>'
        '<a href="http://plain.example/">b</a>'
        '<a href="https://ok.example/">c</a>'
        "<script>alert(1)</script><style>*{}</style><em>d</em><!--e-->"
    )
    body = BeautifulSoup(escaping.feed_html(fragment), "html5lib").body
    assert {tag.name for tag in body.find_all(True)} == {"a", "em"}
    assert [a.get("href") for a in body.find_all("a")] == [
        None,
        None,
        "https://ok.example/",
    ]
    assert not any(
        name.startswith("on") for tag in body.find_all(True) for name in tag.attrs
    )
    assert "alert" not in body.get_text()


def test_search_index_is_json_and_ascii(hostile: SiteBuild) -> None:
    # Sphinx writes it; the data reaches it as page text. It must stay one
    # JSON value, ASCII (no raw U+2028), loaded from its own file.
    text = (hostile.outdir / "searchindex.js").read_text("utf-8")
    assert text.isascii()
    assert text.startswith("Search.setIndex(")
    assert text.endswith(")")
    json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))


@pytest.mark.parametrize(
    "data",
    [{"a": "</script><!--<script>&\u2028\u2029"}, ["<", ">", "&"], "\u2029"],
)
def test_script_json_round_trips_with_nothing_to_act_on(data: object) -> None:
    text = escaping.script_json(data)
    assert json.loads(text) == data
    assert not set(text) & set("<>&\u2028\u2029")


@pytest.mark.parametrize(
    ("url", "mailto", "safe"),
    [
        ("https://example.org/", False, True),
        ("HTTPS://example.org/", False, True),
        ("http://example.org/", False, False),
        ("javascript:alert(1)", True, False),
        ("java\tscript:alert(1)", True, False),
        (" https://example.org/", False, False),
        ("https:///nohost", False, False),
        ("data:text/html,x", False, False),
        ("mailto:ada@example.org", True, True),
        ("mailto:ada@example.org", False, False),
        ("//evil.example/", False, False),
    ],
)
def test_only_https_and_mailto_urls_are_safe(
    url: str, mailto: bool, safe: bool
) -> None:
    assert escaping.is_safe_url(url, mailto=mailto) is safe


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("_static/me.jpg", True),
        ("javascript:alert(1)", False),
        ("../secret.png", False),
        ("//evil.example/x.png", False),
        ("me.png?x=1", False),
        ('me".png', False),
        ("https://example.org/me.png", False),
    ],
)
def test_a_photo_is_a_path_inside_the_site(path: str, safe: bool) -> None:
    assert escaping.is_site_path(path) is safe
