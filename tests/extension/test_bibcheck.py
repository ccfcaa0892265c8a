"""Reading .bib files forgivingly: each mistake is one problem; papers stay."""

from __future__ import annotations

from pathlib import Path

from academic_site.papers.bibcheck import read_bibfiles

BROKEN = """\
@article{lastfield,
  title = {Last Field},
  author = {Doe, J.},
  year = {2024
}

@article{nocomma,
  title = {No Comma}
  author = {Doe, J.},
  year = {2023},
}

@article(paren,
  title = {Paren},
  author = {Doe, J.},
  year = {2022}
)

@article{Paren,
  title = {Same Key in Other Case},
  year = {2021},
}

% @article{commented, title = {Not an Entry}}
@string{conf = "Conference of Strings"}
@inproceedings{usesstring,
  title = {Uses a String},
  author = {Doe, J.},
  booktitle = conf,
  year = 2020,
}

@article{eof,
  title = {Never Closed},
  author = {Doe, J.},
  year = {2019},
"""


def test_each_mistake_is_one_problem_and_no_paper_is_lost(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    result = read_bibfiles([bib])
    assert list(result.data.entries) == [
        "lastfield",
        "nocomma",
        "paren",
        "usesstring",
        "eof",
    ]
    problems = [(p.line, p.key, p.message) for p in result.problems]
    assert problems == [
        (
            1,
            "lastfield",
            "unclosed brace: the entry never ends; closed it where the next "
            "entry starts",
        ),
        (9, "nocomma", "syntax error: '}' expected"),
        (19, "Paren", "duplicate key (first used on line 13); this entry is left out"),
        (
            33,
            "eof",
            "unclosed brace: the entry never ends; closed it at the end of the file",
        ),
    ]
    assert all(p.path == bib for p in result.problems)
    fields = result.data.entries["usesstring"].fields
    assert fields["booktitle"] == "Conference of Strings"
    assert result.data.entries["eof"].fields["year"] == "2019"


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = read_bibfiles([tmp_path / "missing.bib"])
    assert [p.message.split(":")[0] for p in result.problems] == [
        "cannot read the .bib file"
    ]
    assert list(result.data.entries) == []


def test_a_role_field_names_its_people_in_order() -> None:
    from pybtex.database import Entry

    from academic_site.papers.names import equal_contribution_names, role_names

    entry = Entry(
        "article",
        fields={
            "equal_contribution": " Lovelace, Ada and  Babbage, Charles ",
            "corresponding": "Somerville, Mary",
        },
    )
    assert [str(p) for p in equal_contribution_names(entry)] == [
        "Lovelace, Ada",
        "Babbage, Charles",
    ]
    assert [str(p) for p in role_names(entry, "corresponding")] == ["Somerville, Mary"]
    assert role_names(entry, "cofirstauthors") == []
    assert (
        role_names(Entry("article", fields={"corresponding": "  "}), "corresponding")
        == []
    )
