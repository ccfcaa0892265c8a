"""The paper model read outside Sphinx (``read_papers``/``load_papers``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from academic_site.outputs.paper_pages import page_title
from academic_site.papers.bibliography import OWN_FIELDS, load_papers, read_papers

GOOD = b"""@article{first2024,
  author = {Huang, Yuxiang},
  title = {First},
  journal = {Journal},
  year = {2024},
}
"""


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    return path


def test_a_byte_that_is_not_utf8_costs_one_warning_at_its_line(tmp_path: Path) -> None:
    bad = (
        b"@article{second2023,\n  author = {M\xfcller, J\xf6rg},\n"
        b"  title = {Second},\n  journal = {J},\n  year = {2023},\n}\n"
    )
    model = read_papers([_write(tmp_path, GOOD + b"\n" + bad)])
    assert [paper.key for paper in model.papers] == ["first2024", "second2023"]
    lines = [problem.line for problem in model.problems]
    assert lines == [9]  # the author line of the second entry
    assert "not utf-8-sig text" in model.problems[0].message


def test_a_hostile_doi_is_rejected_with_a_warning(tmp_path: Path) -> None:
    entry = GOOD.replace(
        b"year = {2024},", b"year = {2024},\n  doi = {10.1000/x<!--<script>},"
    )
    model = read_papers([_write(tmp_path, entry)])
    assert model.papers[0].doi is None
    assert [p.message for p in model.problems if "'doi'" in p.message]


def test_a_real_doi_is_kept(tmp_path: Path) -> None:
    entry = GOOD.replace(
        b"year = {2024},", b"year = {2024},\n  doi = {10.18653/v1/2024.emnlp-main.742},"
    )
    (paper,) = load_papers(_write(tmp_path, entry))
    assert paper.doi == "10.18653/v1/2024.emnlp-main.742"


def test_a_crossref_to_nothing_is_a_warning_and_the_paper_stays(tmp_path: Path) -> None:
    entry = GOOD.replace(b"year = {2024},", b"year = {2024},\n  crossref = {nowhere},")
    model = read_papers([_write(tmp_path, entry)])
    assert [paper.key for paper in model.papers] == ["first2024"]
    assert ["crossref" in p.message for p in model.problems] == [True]
    assert "crossref" not in model.papers[0].bibtex


def test_papers_are_grouped_by_year_newest_first_in_file_order(tmp_path: Path) -> None:
    second = GOOD.replace(b"first2024", b"second2024").replace(b"First", b"Second")
    older = GOOD.replace(b"first2024", b"older2020").replace(b"2024}", b"2020}")
    model = read_papers([_write(tmp_path, older + second + GOOD)])
    assert [(year, [p.key for p in papers]) for year, papers in model.by_year()] == [
        (2024, ["second2024", "first2024"]),
        (2020, ["older2020"]),
    ]


SAME_PAPERS = """\
@misc{preprint, title = {One Paper}, author = {Huang, Yuxiang}, year = {2024},
  eprint = {2410.01805}, archivePrefix = {arXiv}}
@article{corr, title = {One Paper, as DBLP Titles It}, author = {Yuxiang Huang},
  journal = {CoRR}, year = {2024}, eprint = {2410.01805v2}, eprinttype = {arXiv}}
@inproceedings{conference, title = {Kept Title}, author = {Huang, Yuxiang},
  booktitle = {Proceedings of a Conference}, year = {2023}, doi = {10.5555/1}}
@article{extended, title = {Kept {Title}.}, author = {Huang, Yuxiang},
  journal = {Journal of Examples}, year = {2025}}
@article{again, title = {Another}, author = {Huang, Yuxiang},
  journal = {Journal of Examples}, year = {2025}, doi = {10.5555/1}}
"""


def test_the_same_paper_twice_is_one_problem_each_and_a_new_version_none(
    tmp_path: Path,
) -> None:
    model = read_papers([_write(tmp_path, SAME_PAPERS.encode())])
    found = [(p.key, p.line, p.message.split(" (")[0]) for p in model.problems]
    assert found == [
        ("corr", 3, "has the arXiv id of 'preprint'"),
        ("again", 9, "has the DOI of 'conference'"),
    ]
    assert [paper.key for paper in model.papers] == [
        "preprint",
        "corr",
        "conference",
        "extended",
        "again",
    ]


def test_papers_sharing_a_title_have_pages_titled_apart(tmp_path: Path) -> None:
    model = read_papers([_write(tmp_path, SAME_PAPERS.encode())])
    titles = {paper.key: page_title(model, paper) for paper in model.papers}
    assert titles["conference"] == "Kept Title (Proceedings of a Conference, 2023)"
    assert titles["extended"] == "Kept Title. (Journal of Examples, 2025)"
    assert titles["preprint"] == "One Paper"  # no other paper has its title
    assert len(set(titles.values())) == len(titles)


def _value(name: str) -> str:
    """A value the site takes for its field *name* (a link, unless said)."""
    special = {"selected": "true", "bibtex_show": "true", "scholar_id": "u5HHmVD_uO8C"}
    special |= {"equal_contribution": "Huang, Yuxiang", "arxiv": "2410.01805"}
    return special.get(name, f"https://example.org/{name}")


def test_no_field_of_the_site_is_inherited_from_a_volume(tmp_path: Path) -> None:
    # The same paper under a volume with every field of the site's, and under
    # one with none: the paper must come out the same.
    paper = b"@inproceedings{paper2024,\n  author = {Huang, Yuxiang},\n"
    paper += b"  title = {Paper},\n  crossref = {volume2024},\n}\n"
    volume = "@proceedings{volume2024,\n  title = {Proceedings},\n  year = {2024},\n"
    plain = read_papers([_write(tmp_path, paper + (volume + "}\n").encode())])
    fields = "".join(f"  {name} = {{{_value(name)}}},\n" for name in sorted(OWN_FIELDS))
    full = read_papers([_write(tmp_path, paper + (volume + fields + "}\n").encode())])
    (expected,) = [p for p in plain.papers if p.key == "paper2024"]
    (got,) = [p for p in full.papers if p.key == "paper2024"]
    assert dataclasses.asdict(got) == dataclasses.asdict(expected)
