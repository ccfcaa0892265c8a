"""The site's papers: every entry of the ``.bib`` under its year, and the six
papers of the resume as the resume and FACTS.md write them.

The list itself is derived from the site's ``.bib`` (read with pybtex), so a
pasted paper keeps these tests green. The six seed papers are checked for
presence and shape (author lists, titles and links written by hand from
``resume.txt`` and ``FACTS.md``; where the resume hides the owner inside "…"
(MiniCPM, Tool Learning) the site must show him), never as the exact set.
"""

# ruff: noqa: RUF001 - the resume's text has en dashes and ellipses

from __future__ import annotations

import re

from bs4 import Tag

from academic_site.papers.bibliography import without_bookkeeping
from tests.helpers import SiteBuild
from tests.site.conftest import SiteData, is_seed, seed_papers, site_cases, while_seed

#: The resume's six papers, in its order.
KEYS = [
    "huang2024locret",
    "zhao-etal-2024-ouroboros",
    "zhao2024calora",
    "hu2024minicpm",
    "qin2024toollearning",
    "xiao2022encoding",
]


#: key -> the start of the reference line (authors, year, title), as the
#: resume writes it, with the owner kept visible in long lists.
REFERENCES = {
    "huang2024locret": "Huang, Y., Yuan, B., Han, X., Xiao, C., & Liu, Z. (2024). "
    "Locret: Enhancing Eviction in Long-Context LLM Inference with Trained "
    "Retaining Heads. arXiv preprint arXiv:2410.01805.",
    "zhao-etal-2024-ouroboros": "Zhao, W.*, Huang, Y.*, Han, X., Xiao, C., Liu, Z., "
    "& Sun, M. (2024). Ouroboros: Speculative Decoding with Large Model Enhanced "
    "Drafting.",
    "zhao2024calora": "Zhao, W.*, Huang, Y.*, Han, X., Liu, Z., Zhang, Z., Li, K., "
    "Chen, C., Yang, T., & Sun, M. (2024). CA-LoRA: Adapting Existing LoRA for "
    "Compressed LLMs to Enable Efficient Multi-Tasking on Personal Devices.",
    "hu2024minicpm": "Hu, S., Tu, Y., Han, X., Cui, G., He, C., Zhao, W., …, "
    "Huang, Y., … & Sun, M. (2024). MiniCPM: Unveiling the Potential of Small "
    "Language Models with Scalable Training Strategies.",
    "qin2024toollearning": "Qin, Y., Hu, S., Lin, Y., Chen, W., Ding, N., Cui, G., "
    "…, Huang, Y., … & Sun, M. (2023). Tool Learning with Foundation Models. "
    "ACM Computing Surveys",
    "xiao2022encoding": "Xiao, J., Huang, Y., Hu, C., Song, S., Huang, X., & "
    "Wang, J. (2022). Time Series Data Encoding for Efficient Storage: A "
    "Comparative Analysis in Apache IoTDB. Proceedings of the VLDB Endowment, "
    "15(10), 2148–2160.",
}

#: key -> (venue badge, status note or None)
BADGES = {
    "huang2024locret": ("arXiv", "In submission to ICLR 2025"),
    "zhao-etal-2024-ouroboros": ("EMNLP", "EMNLP 2024 main"),
    "zhao2024calora": ("COLM", "COLM 2024"),
    "hu2024minicpm": ("COLM", "COLM 2024"),
    "qin2024toollearning": ("CSUR", None),
    "xiao2022encoding": ("PVLDB", None),
}

#: key -> (PDF, code or None): FACTS.md's links.
FACTS_LINKS = {
    "huang2024locret": (
        "https://arxiv.org/pdf/2410.01805",
        "https://github.com/huangyuxiang03/Locret",
    ),
    "zhao-etal-2024-ouroboros": (
        "https://aclanthology.org/2024.emnlp-main.742.pdf",
        "https://github.com/thunlp/Ouroboros",
    ),
    "zhao2024calora": (
        "https://openreview.net/pdf?id=kpf7UbnSAm",
        "https://github.com/thunlp/CA-LoRA",
    ),
    "hu2024minicpm": (
        "https://openreview.net/pdf?id=3X2L2TFr0f",
        "https://github.com/OpenBMB/MiniCPM",
    ),
    "qin2024toollearning": ("https://arxiv.org/pdf/2304.08354.pdf", None),
    "xiao2022encoding": ("https://www.vldb.org/pvldb/vol15/p2148-song.pdf", None),
}


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def _entries(site: SiteBuild, page: str = "publications.html") -> list[Tag]:
    return site.page(page).find_all("li", class_="publication")


def _entry(site: SiteBuild, key: str) -> Tag:
    entry = site.page("publications.html").find("li", id=key)
    assert entry is not None, key
    return entry


def _links(entry: Tag) -> dict[str, str]:
    meta = entry.find("p", class_="publication-meta")  # none when it is empty
    found = meta.find_all("a", href=True) if meta else []
    return {_text(a): a["href"] for a in found}


def test_every_bib_entry_is_listed_under_its_year(
    site: SiteBuild, data: SiteData
) -> None:
    sections = site.page("publications.html").find_all(
        "section", class_="publication-year"
    )
    shown = {
        _text(section.find("h2")).rstrip("¶"): [
            entry["id"] for entry in section.find_all("li", class_="publication")
        ]
        for section in sections
    }
    years = sorted({e.year for e in data.entries if e.year}, reverse=True)
    assert list(shown) == [str(year) for year in years]
    for year in years:
        # Within a year, in the order of the file.
        expected = [e.anchor for e in data.entries if e.year == year]
        assert shown[str(year)] == expected, year
    assert [e["id"] for e in _entries(site)] == [
        anchor for year in years for anchor in shown[str(year)]
    ]


def test_no_page_has_an_empty_meta_line(site: SiteBuild) -> None:
    """A paper with no venue, status or link (the owner's-year copy adds
    one) has no meta line, not an empty paragraph."""
    for name in site.pages():
        for meta in site.page(name.as_posix()).select(".publication-meta"):
            assert _text(meta), f"{name}: an empty meta line"


def test_the_seed_papers_are_listed(site: SiteBuild, data: SiteData) -> None:
    ids = [entry["id"] for entry in _entries(site)]
    unchanged = [key for key in KEYS if is_seed(data, key)]
    assert [key for key in unchanged if key not in ids] == []


@seed_papers(*KEYS)
def test_reference_reads_like_the_resume(
    site: SiteBuild, data: SiteData, key: str
) -> None:
    line = _text(_entry(site, key).find("p", class_="publication-reference"))
    assert line.startswith(REFERENCES[key])


@seed_papers(*KEYS)
def test_the_owner_is_bold_and_visible(
    site: SiteBuild, data: SiteData, key: str
) -> None:
    line = _entry(site, key).find("p", class_="publication-reference")
    assert [_text(strong) for strong in line.find_all("strong")] == ["Huang, Y."]


@seed_papers(*KEYS)
def test_equal_contribution_marks(site: SiteBuild, data: SiteData, key: str) -> None:
    line = _entry(site, key).find("p", class_="publication-reference")
    marks = line.find_all("sup")
    if key in ("zhao-etal-2024-ouroboros", "zhao2024calora"):
        assert [_text(sup) for sup in marks] == ["*", "*"]
        assert str(marks[0].previous_sibling) == "Zhao, W."
        assert line.find("strong").next_sibling is marks[1]
    else:
        assert marks == []


def test_the_legend_is_once_on_the_page(site: SiteBuild, data: SiteData) -> None:
    page = site.page("publications.html")
    assert "(Note: * indicates equal contribution.)" not in _text(page)
    legends = page.find_all(class_="publication-legend")
    # Shown when a paper of the .bib has equal contributors, once.
    marked = any(e.fields.get("equal_contribution") for e in data.entries)
    expected = ["* indicates equal contribution."] if marked else []
    assert [_text(legend) for legend in legends] == expected


@seed_papers("hu2024minicpm", "qin2024toollearning")
def test_long_author_lists_are_one_click_away(
    site: SiteBuild, data: SiteData, key: str
) -> None:
    details = _entry(site, key).find("details", class_="publication-authors")
    count = {"hu2024minicpm": 24, "qin2024toollearning": 43}[key]
    assert _text(details.find("summary")) == f"All {count} authors"
    assert _text(details).count("Huang, Y.") == (
        2 if key == "qin2024toollearning" else 1
    )


@seed_papers(*KEYS)
def test_badge_and_status_note(site: SiteBuild, data: SiteData, key: str) -> None:
    entry = _entry(site, key)
    badge, status = BADGES[key]
    assert _text(entry.find(class_="publication-venue")) == badge
    shown = entry.find(class_="publication-status")
    assert (_text(shown) if shown else None) == status


@seed_papers(*KEYS)
def test_pdf_and_code_links_are_those_of_facts(
    site: SiteBuild, data: SiteData, key: str
) -> None:
    links = _links(_entry(site, key))
    pdf, code = FACTS_LINKS[key]
    assert links["PDF"] == pdf
    assert links.get("Code") == code


#: key -> the DOI link FACTS.md gives (None: its DOI is unverified, so it must
#: not be linked).
DOIS = {
    "qin2024toollearning": "https://doi.org/10.1145/3704435",
    "zhao-etal-2024-ouroboros": "https://doi.org/10.18653/v1/2024.emnlp-main.742",
    "xiao2022encoding": None,
}


@site_cases(
    "key, doi", lambda data: [(k, doi) for k, doi in DOIS.items() if is_seed(data, k)]
)
def test_doi_links(site: SiteBuild, data: SiteData, key: str, doi: str | None) -> None:
    links = _links(_entry(site, key))
    assert links.get("DOI") == doi
    if doi is None:
        assert not [href for href in links.values() if "doi.org" in href]


@while_seed("zhao-etal-2024-ouroboros")
def test_ouroboros_links_to_the_acl_anthology(site: SiteBuild) -> None:
    links = _links(_entry(site, "zhao-etal-2024-ouroboros"))
    assert links["ACL Anthology"] == "https://aclanthology.org/2024.emnlp-main.742/"


def test_each_paper_has_its_bibtex(site: SiteBuild, data: SiteData) -> None:
    page = site.page("publications.html")
    for entry in data.entries:
        item = page.find("li", id=entry.anchor)
        source = item.find("details", class_="publication-bibtex")
        assert source.find("pre").get_text().startswith("@"), entry.key
        assert f"{{{entry.key}," in source.find("pre").get_text()


def test_the_whole_bib_file_can_be_downloaded(site: SiteBuild, data: SiteData) -> None:
    page = site.page("publications.html")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    bib = [href for href in hrefs if href.endswith(data.bib_path.name)]
    assert len(bib) == 1
    downloaded = (site.outdir / bib[0]).read_bytes()
    # The file as it is, but for exporter bookkeeping (a DBLP timestamp, a
    # BibDesk bdsk-file-1), which the site never publishes.
    source = data.bib_path.read_text("utf-8")
    assert downloaded.decode("utf-8") == without_bookkeeping(source)


def test_no_aria_roles_in_the_list(site: SiteBuild) -> None:
    for page in ("publications.html", "index.html"):
        for entry in _entries(site, page):
            assert entry.parent.name == "ul"
            assert entry.find(attrs={"role": True}) is None
            assert entry.parent.get("role") is None


def test_home_page_lists_the_selected_papers(site: SiteBuild, data: SiteData) -> None:
    entries = _entries(site, "index.html")
    selected = [e.anchor for e in data.entries if e.selected]
    # Newest first, as the full list.
    order = [e["id"] for e in _entries(site)]
    assert [entry["id"] for entry in entries] == sorted(selected, key=order.index)
    for entry in entries:
        title_link = entry.find("cite").find("a")
        assert title_link["href"] == f"publications.html#{entry['id']}"
        assert [_text(s) for s in entry.find("p").find_all("strong")] == ["Huang, Y."]
    legends = site.page("index.html").find_all(class_="publication-legend")
    marked = any(e.fields.get("equal_contribution") for e in data.entries if e.selected)
    assert len(legends) == (1 if marked else 0)


def test_home_page_leads_to_the_full_list(site: SiteBuild) -> None:
    section = site.page("index.html").find("section", id="selected-publications")
    assert "publications.html" in {a["href"] for a in section.find_all("a")}


def test_title_links_to_the_paper_s_own_page(site: SiteBuild, data: SiteData) -> None:
    for entry in data.entries:
        item = site.page("publications.html").find("li", id=entry.anchor)
        link = item.find("cite").find("a", href=True)
        assert link["href"] == f"{entry.page}.html"
        _check_paper_page(site, link)


def _check_paper_page(site: SiteBuild, link: Tag) -> None:
    page = site.page(link["href"])
    # The page is about this paper: Google Scholar's tag carries its title.
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == (
        link.get_text(" ", strip=True)
    )
