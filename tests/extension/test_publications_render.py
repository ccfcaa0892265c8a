# ruff: noqa: RUF001 - the expected text is Unicode (en dashes, Greek, CJK) on purpose
"""The publication list's rendering rules, one test root of fictional papers."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="pub-render")


def _page(app: SphinxTestApp, name: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text("utf-8"), "html.parser")


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def _entry(page: BeautifulSoup, key: str) -> Tag:
    entry = page.find("li", id=key)
    assert entry is not None, key
    return entry


def _reference(page: BeautifulSoup, key: str) -> str:
    return _text(_entry(page, key).find("p", class_="publication-reference"))


@pytest.fixture(scope="module")
def built(module_app: SphinxTestApp) -> SphinxTestApp:
    """The root, built once: every test here only reads the build."""
    assert module_app.warning.getvalue() == ""
    return module_app


def test_entry_reads_like_the_resume(built: SphinxTestApp) -> None:
    assert _reference(_page(built), "equal2024") == (
        "Zhao, W.*, Huang, Y.*, Han, X., & Sun, M. (2024). "
        "Two First Authors and a GPU-Friendly LLM. "
        "Journal of Examples, 15(10), 2148–2160."
    )


def test_owner_is_bold_in_every_name_form(built: SphinxTestApp) -> None:
    page = _page(built)
    for key in ("equal2024", "older2021", "inject2023", "latex2023", "long2022"):
        reference = _entry(page, key).find("p", class_="publication-reference")
        assert [_text(s) for s in reference.find_all("strong")] == ["Huang, Y."], key


def test_a_coauthor_with_the_same_initial_is_not_bold(built: SphinxTestApp) -> None:
    authors = _entry(_page(built), "long2022").find("details")
    assert "Huang, Y., Sixteen, P." in _text(authors)  # Huang, Yufei
    assert [_text(s) for s in authors.find_all("strong")] == ["Huang, Y."]


def test_equal_contribution_marks_are_superscripts(built: SphinxTestApp) -> None:
    reference = _entry(_page(built), "equal2024").find("p")
    marks = reference.find_all("sup")
    assert [_text(mark) for mark in marks] == ["*", "*"]
    assert _text(marks[1].find_previous_sibling("strong")) == "Huang, Y."


def test_the_legend_is_shown_once_per_page(built: SphinxTestApp) -> None:
    for name in ("index.html", "selected.html"):
        legends = _page(built, name).find_all(class_="publication-legend")
        assert [_text(legend) for legend in legends] == [
            "* indicates equal contribution."
        ]


def test_long_author_lists_keep_the_owner_and_hide_the_rest(
    built: SphinxTestApp,
) -> None:
    entry = _entry(_page(built), "long2022")
    assert _reference(_page(built), "long2022").startswith(
        "One, A., Two, B., Three, C., Four, D., Five, E., Six, F., …, "
        "Huang, Y., … & Last, Z. (2022)."
    )
    details = entry.find("details", class_="publication-authors")
    assert _text(details.find("summary")) == "All 21 authors"
    full = _text(details.find("p"))
    assert full.startswith("One, A., Two, B.,")
    assert full.endswith("Nineteen, S., Twenty, T., & Last, Z.")
    assert full.count(",") == 2 * 21 - 1


def test_short_author_lists_have_no_details(built: SphinxTestApp) -> None:
    assert _entry(_page(built), "equal2024").find(class_="publication-authors") is None


def test_titles_keep_capitalisation_and_latex_becomes_unicode(
    built: SphinxTestApp,
) -> None:
    assert _reference(_page(built), "latex2023") == (
        "Müller, J., & Huang, Y. (2023). "
        "Naïve Über-Straße Models – in O(n²) and 𝒪(n log n) Time, 100% LLM. "
        "Trans. on Accents & Math."
    )


def test_no_latex_reaches_the_page(built: SphinxTestApp) -> None:
    page = _page(built)
    for entry in page.find_all("li", class_="publication"):
        shown = [
            _text(p) for p in entry.find_all("p", recursive=True) if not p.find("pre")
        ]
        for text in shown:
            assert not set(text) & set("{}\\$"), text


def test_html_in_fields_is_text(built: SphinxTestApp) -> None:
    entry = _entry(_page(built), "inject2023")
    assert entry.find("script") is None
    assert entry.find("img") is None
    assert entry.find("b") is None
    assert entry.find("i") is None
    assert (
        '<script>alert("title")</script><img src=x onerror=alert(1)> & <b>bold</b>'
        in (_text(entry.find("cite")))
    )
    assert _text(entry.find(class_="publication-venue")) == "<b>X</b>"
    assert _text(entry.find(class_="publication-status")) == "<em>soon</em>"


def test_badge_status_and_links(built: SphinxTestApp) -> None:
    meta = _entry(_page(built), "equal2024").find("p", class_="publication-meta")
    assert _text(meta.find(class_="publication-venue")) == "JEX"
    assert _text(meta.find(class_="publication-status")) == "Accepted at JEX 2024"
    links = [(_text(a), a["href"]) for a in meta.find_all("a")]
    assert links == [
        ("PDF", "https://example.org/equal2024.pdf"),
        ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("Code", "https://github.com/example/equal2024"),
        ("DOI", "https://doi.org/10.1234/jex.2024.1"),
        ("OpenReview", "https://openreview.net/forum?id=equal2024"),
    ]


def test_acl_anthology_url_is_labelled(built: SphinxTestApp) -> None:
    meta = _entry(_page(built), "long2022").find("p", class_="publication-meta")
    assert [(_text(a), a["href"]) for a in meta.find_all("a")] == [
        ("ACL Anthology", "https://aclanthology.org/2022.example-1.1/")
    ]


def test_each_entry_has_its_bibtex_in_details(built: SphinxTestApp) -> None:
    entry = _entry(_page(built), "equal2024")
    bibtex = entry.find("details", class_="publication-bibtex")
    assert _text(bibtex.find("summary")) == "BibTeX"
    source = bibtex.find("pre").get_text()
    assert source.startswith("@article{equal2024,\n")
    assert (
        "  author = {Zhao, Weilin and Huang, Yuxiang and Han, Xu and Sun, Maosong},"
        in source
    )
    assert "  pages = {2148--2160}," in source
    # The homepage's own fields are not for citing authors.
    for name in ("equal_contribution", "venue_short", "status", "selected", "pdf"):
        assert f"{name} =" not in source


def test_entries_are_grouped_by_year_newest_first(built: SphinxTestApp) -> None:
    page = _page(built)
    years = page.find_all("section", class_="publication-year")
    assert [_text(section.find("h2")).rstrip("¶") for section in years] == [
        "2024",
        "2023",
        "2022",
        "2021",
    ]
    assert [li["id"] for li in years[1].find_all("li", class_="publication")] == [
        "inject2023",
        "latex2023",
    ]


def test_markup_is_real_lists_without_aria_roles(built: SphinxTestApp) -> None:
    page = _page(built)
    entries = page.find_all("li", class_="publication")
    assert len(entries) == 5
    for entry in entries:
        assert entry.parent.name == "ul"
    body = page.find("div", class_="body") or page
    assert body.find(attrs={"role": True}) is None
    assert body.find(class_="citation") is None


def test_the_interface_for_later_transforms(built: SphinxTestApp) -> None:
    # Each entry: class "publication", the key as id, at most one
    # "publication-meta", never empty (one with nothing in it is removed).
    entries = _page(built).find_all(class_="publication")
    for entry in entries:
        assert entry.name == "li"
        metas = entry.find_all(class_="publication-meta")
        assert len(metas) <= 1
        assert all(_text(meta) for meta in metas), entry["id"]
    assert any(entry.find(class_="publication-meta") for entry in entries)


def test_selected_papers_link_to_their_full_entry(built: SphinxTestApp) -> None:
    page = _page(built, "selected.html")
    entries = page.find_all("li", class_="publication")
    assert [entry["id"] for entry in entries] == ["equal2024", "long2022"]
    links = [entry.find("cite").find("a")["href"] for entry in entries]
    assert links == ["index.html#equal2024", "index.html#long2022"]
    assert page.find(class_="publication-bibtex") is None


def test_the_doctree_interface_for_later_transforms(built: SphinxTestApp) -> None:
    from docutils import nodes

    doctree = built.env.get_and_resolve_doctree(
        "index", built.builder, tags=built.builder.tags
    )
    entries = [
        item
        for item in doctree.findall(nodes.list_item)
        if "publication" in item["classes"]
    ]
    assert [item["publication_key"] for item in entries] == [
        "equal2024",
        "inject2023",
        "latex2023",
        "long2022",
        "older2021",
    ]
    for item in entries:
        assert item["ids"] == [item["publication_key"]]
        metas = [
            p
            for p in item.findall(nodes.paragraph)
            if "publication-meta" in p["classes"]
        ]
        # One while the transforms run; removed at the end if left empty.
        assert len(metas) <= 1
        assert all(meta.children for meta in metas)
