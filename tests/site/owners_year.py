"""The owner's year: every README task, done as the README says, to a copy.

:func:`make` copies ``docs/`` (all the site's sources) to a temporary folder
and, as its owner would over a year:

- adds a news item dated by month at the top of ``data/news.yaml``;
- pastes one paper as each exporter the README names writes it (ACL
  Anthology, ACM DL, DBLP with a key that has ``/`` and capitals, arXiv,
  Google Scholar) into ``publications.bib``;
- writes a new page with a top-level ``description:`` and adds it to the
  toctree;
- sets a photo in ``data/profile.yaml``;
- removes a paper the home page selects and a news item names (its figure
  stays in ``citations.yaml`` until the refresh drops it);
- refreshes the citation figures twice with ``homepage-citations`` from a
  crawler file in the shape of ``gs_data.json``: one that raises every
  figure, then one that lists a pasted paper Scholar did not list before.

The pasted papers, the page and the news are made up for the test (they are
never on the real site). Nothing is translated: the Chinese edition must fall
back to English for the new text. The site tests then run on the copy's two
builds (``tests/site/conftest.py``), deriving what they expect from its data.
"""

# ruff: noqa: E501, RUF001 - the exporters write long lines and en dashes

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from academic_site.commands import refresh
from tests.conftest import DOCS, REPO

NEWS_ITEM = """\
- date: "{month}"
  text: One paper ([the survey](publications.md#DBLP:journals/corr/abs-2410-12345)) accepted by a test venue.
"""


def news_month(news: list[dict[str, str]]) -> str:
    """A date for the new item, as the owner would write it today: this month,
    or the newest item's own date if that is a day of this month, so the copy
    stays newest first and no item is in the future (which the build refuses)."""
    this_month = datetime.date.today().isoformat()[:7]
    return max([this_month, *(str(item["date"]) for item in news)])


#: One paper as each exporter writes it (their own layout, quoting and noise).
PASTED = {
    "ACL Anthology": """
@inproceedings{huang-etal-2026-owners,
    title = "An Owner{'}s Year: Testing a {S}phinx Homepage from the {ACL} Anthology",
    author = "Huang, Yuxiang  and
      Han, Xu  and
      Liu, Zhiyuan",
    editor = "Doe, Jane",
    booktitle = "Proceedings of the 64th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
    month = jul,
    year = "2026",
    address = "Somewhere",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2026.acl-long.9999/",
    doi = "10.18653/v1/2026.acl-long.9999",
    pages = "1--12",
    abstract = "A made-up paper, pasted as the ACL Anthology exports it.",
}
""",
    "ACM DL": """
@inproceedings{10.1145/3699999.3700001,
author = {Huang, Yuxiang and Sun, Maosong},
title = {Owner's Year: An {ACM} Digital Library Export},
year = {2026},
isbn = {979-8-4007-0000-0},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
url = {https://doi.org/10.1145/3699999.3700001},
doi = {10.1145/3699999.3700001},
abstract = {A made-up paper, pasted as the ACM DL exports it.},
booktitle = {Proceedings of the 34th ACM International Conference on Multimedia},
pages = {1–10},
numpages = {10},
keywords = {testing, homepages},
location = {Somewhere},
series = {MM '26}
}
""",
    "DBLP": """
@article{DBLP:journals/corr/abs-2410-12345,
  author       = {Yuxiang Huang and
                  Zhiyuan Liu},
  title        = {An Owner's Year: {DBLP} Keys with Slashes and Capitals},
  journal      = {CoRR},
  volume       = {abs/2410.12345},
  year         = {2024},
  url          = {https://doi.org/10.48550/arXiv.2410.12345},
  doi          = {10.48550/ARXIV.2410.12345},
  eprinttype    = {arXiv},
  eprint       = {2410.12345},
  timestamp    = {Mon, 04 Nov 2024 12:00:00 +0100},
  biburl       = {https://dblp.org/rec/journals/corr/abs-2410-12345.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
""",
    "arXiv": """
@misc{huang2025ownersyear,
      title={An Owner's Year: $O(n^2)$ Checks of a Homepage, from {arXiv}},
      author={Yuxiang Huang and Weilin Zhao and Xu Han},
      year={2025},
      eprint={2501.99999},
      archivePrefix={arXiv},
      primaryClass={cs.CL},
      url={https://arxiv.org/abs/2501.99999},
}
""",
    "Google Scholar": """
@article{huang2025scholarexport,
  title={An owner's year: a {G}oogle {S}cholar export with {\\"u}mlauts -- and others},
  author={Huang, Yuxiang and M{\\"u}ller, Anna and others},
  journal={arXiv preprint arXiv:2502.99999},
  year={2025}
}
""",
}

NEW_PAGE = """\
---
description: Talks Yuxiang Huang gave in the owner's year (a test page).
---

# Talks

A page made as the README says: front matter with a description, a title,
and an entry in the toctree.
"""

PHOTO = REPO / "tests" / "extension" / "pixel.png"


@dataclass
class OwnersYear:
    """The copy, and what the two refreshes said."""

    docs: Path
    #: (exit status, stdout, stderr) of each refresh, in order.
    refreshes: list[tuple[int, str, str]] = field(default_factory=list)
    #: The pasted paper the second refresh finds listed (by its arXiv id; its
    #: key is not its anchor, which must not matter).
    newly_listed: str = "DBLP:journals/corr/abs-2410-12345"
    #: The key of the selected paper the owner removed from the ``.bib``.
    removed: str = ""


def remove_a_named_paper(docs: Path) -> str:
    """Delete from the ``.bib`` a selected paper whose short name (its title
    before the colon) a news item names; return its key."""
    from academic_site.papers.bibliography import load_papers

    news = " ".join(
        item["text"]
        for item in yaml.safe_load((docs / "data" / "news.yaml").read_text("utf-8"))
    )
    selected = [p for p in load_papers(docs / "publications.bib") if p.selected]
    named = [p for p in selected if p.title.split(":")[0].strip() in news]
    key = (named or selected)[-1].key
    bib = docs / "publications.bib"
    entries = re.split(r"(?m)^(?=@)", bib.read_text("utf-8"))
    bib.write_text("".join(e for e in entries if f"{{{key}," not in e), "utf-8")
    return key


def _crawler_file(docs: Path, raise_by: int, also: dict[str, int]) -> dict:
    """A ``gs_data.json`` whose figures are the copy's own plus *raise_by*,
    listing the copy's papers under the titles Scholar uses (an
    ``alternate_title`` where the paper has one) and the papers of *also*."""
    from academic_site.papers.bibliography import load_papers

    old = yaml.safe_load((docs / "data" / "citations.yaml").read_text("utf-8"))
    papers = {p.key: p for p in load_papers(docs / "publications.bib")}
    updated = old["date"] + datetime.timedelta(days=7)
    publications = {}
    listed = [*old["papers"].items(), *also.items()]
    # A paper the owner removed from the .bib keeps its old figure in the
    # file, but has no title left to list it by: the refresh drops it.
    for number, (key, count) in enumerate(listed):
        if key not in papers:
            continue
        paper = papers[key]
        title = (paper.alternate_titles or (paper.title,))[0]
        citation = f"arXiv preprint arXiv:{paper.arxiv}, 2025" if key in also else ""
        pub_id = f"nvCXW78AAAAJ:test{number:04d}"
        publications[pub_id] = {
            "container_type": "Publication",
            "source": "AUTHOR_PUBLICATION_ENTRY",
            "bib": {
                "title": title.lower(),
                "pub_year": paper.year,
                "citation": citation,
            },
            "filled": False,
            "author_pub_id": pub_id,
            "num_citations": count + (raise_by if key not in also else 0),
        }
    # Scholar lists papers the site does not (the real profile has more than
    # the .bib): as many as an h-index needs, or the refresh refuses it.
    hindex = (old.get("h_index") or 0) + 1
    for number in range(max(hindex, (old.get("i10_index") or 0) + 1)):
        pub_id = f"nvCXW78AAAAJ:only{number:04d}"
        publications[pub_id] = {
            "container_type": "Publication",
            "source": "AUTHOR_PUBLICATION_ENTRY",
            "bib": {
                "title": f"a paper only scholar lists {number}",
                "pub_year": "2020",
            },
            "filled": False,
            "author_pub_id": pub_id,
            "num_citations": 10 + raise_by,
        }
    return {
        "container_type": "Author",
        "scholar_id": "nvCXW78AAAAJ",
        "name": "Yuxiang Huang",
        "citedby": old["total"] + 10 * raise_by,
        "hindex": (old.get("h_index") or 0) + 1,
        "i10index": (old.get("i10_index") or 0) + 1,
        "cites_per_year": {
            str(year): count + raise_by for year, count in old["per_year"].items()
        },
        "publications": publications,
        "updated": f"{updated.isoformat()} 09:00:00.000000",
    }


def _refresh(copy: OwnersYear, gs: dict, name: str) -> None:
    path = copy.docs.parent / name
    path.write_text(json.dumps(gs, indent=1), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = refresh.main(
            [
                "--file",
                str(copy.docs / "data" / "citations.yaml"),
                "--bib",
                str(copy.docs / "publications.bib"),
                "--scholar-json",
                str(path),
            ],
            today=datetime.date.fromisoformat(gs["updated"][:10]),
        )
    copy.refreshes.append((code, out.getvalue(), err.getvalue()))


def make(root: Path) -> OwnersYear:
    """Copy the site to *root* and do every README task to the copy."""
    docs = root / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    copy = OwnersYear(docs)

    # A news item: "add it at the top of docs/data/news.yaml".
    news = docs / "data" / "news.yaml"
    text = news.read_text("utf-8")
    first_item = re.search(r"^- ", text, re.M).start()
    item = NEWS_ITEM.format(month=news_month(yaml.safe_load(text)))
    news.write_text(text[:first_item] + item + text[first_item:], "utf-8")

    # A paper from each exporter: "paste its BibTeX into docs/publications.bib".
    with (docs / "publications.bib").open("a", encoding="utf-8") as bib:
        for paper in PASTED.values():
            bib.write(paper)

    # A page: docs/<name>.md with a title and a description, in the toctree.
    (docs / "talks.md").write_text(NEW_PAGE, "utf-8")
    index = docs / "index.md"
    text = index.read_text("utf-8")
    toctree = re.search(r"```\{toctree\}\n.*?(?=```)", text, re.S)
    index.write_text(text[: toctree.end()] + "talks\n" + text[toctree.end() :], "utf-8")

    # A photo: into docs/_static/, named in profile.yaml.
    shutil.copy(PHOTO, docs / "_static" / "photo.png")
    profile = docs / "data" / "profile.yaml"
    text = profile.read_text("utf-8")
    profile.write_text(
        re.sub(r"^photo:.*$", "photo: _static/photo.png", text, flags=re.M), "utf-8"
    )

    # Remove a paper: the owner deletes a selected paper a news item names.
    copy.removed = remove_a_named_paper(docs)

    # The weekly refresh: every figure up, then a pasted paper listed too.
    first = _crawler_file(docs, raise_by=3, also={})
    _refresh(copy, first, "gs_data-1.json")
    second = _crawler_file(docs, raise_by=3, also={copy.newly_listed: 2})
    second["updated"] = first["updated"]
    _refresh(copy, second, "gs_data-2.json")
    return copy
