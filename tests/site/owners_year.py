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
- dates a news item next month first (the news reader refuses it: a
  warning that fails ``-W``), then this month;
- renames ``teaching.md`` to ``teaching-and-talks.md`` (toctree, links and
  its catalog moved, a redirect in ``homepage_redirects``);
- sets a custom domain in ``html_baseurl``, on one short line;
- adds, as a stranger writes them, a selected paper with no venue, a very
  long title and the owner as "Huang, Y." (a variant conf.py lists), and a
  CV section with a talk dated ``2025.10`` (a number to YAML).

:func:`make_features_off` makes a second copy with every optional feature
turned off (handbook/tests.md).

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
    #: What the news reader said of an item dated next month.
    future_news: str = ""


#: The page the owner renames: old name, new name.
RENAMED = ("teaching", "teaching-and-talks")


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


#: The copy's canonical address: a custom domain, written on one short line
#: (the owner's own conf.py, which `make test` does not lint).
CUSTOM_DOMAIN = "https://yuxiang.example.org/"

#: A paper as a stranger writes it by hand: no venue at all, a title longer
#: than any real one, the owner's name as a variant (initial), selected for
#: the home page (a second selected paper).
HAND_WRITTEN = """
@misc{huang2026handwritten,
  title = {A Hand-Written Entry With No Venue, No Link and a Title Much Longer Than Any Real One: What the Homepage Does With Every Field It Usually Gets Left Out, Including This Rather Long Subtitle},
  author = {Huang, Y. and Doe, Jane},
  year = {2026},
  selected = {true},
}
"""

#: A CV section the owner adds (a talk, in a section of its own), dated as
#: YAML reads a number (2026.10 was shown as 2026.1).
CV_SECTION = """
- title: Talks
  items:
    - dates: 2025.10
      text: Invited talk on efficient long-context inference at a test workshop.
"""


def rename_a_page(docs: Path, old: str, new: str) -> None:
    """Rename page *old* to *new* as the handbook says: move the file, fix
    the toctree and the links to it, leave a redirect, and move its catalog
    (what `make translations` does for a moved page)."""
    (docs / f"{old}.md").rename(docs / f"{new}.md")
    for path in [docs / "index.md", *(docs / "data").glob("*.yaml")]:
        text = path.read_text("utf-8")
        text = re.sub(rf"(?m)^{old}$", new, text)  # the toctree entry
        path.write_text(text.replace(f"({old}.md)", f"({new}.md)"), "utf-8")
    conf = docs / "conf.py"
    redirect = f"homepage_redirects = {{{old!r}: {new!r}}}\n".replace("'", '"')
    conf.write_text(conf.read_text("utf-8") + redirect, "utf-8")
    for catalogs in (docs / "locales").glob("*/LC_MESSAGES"):
        (catalogs / f"{old}.po").rename(catalogs / f"{new}.po")
        (catalogs / f"{old}.mo").unlink(missing_ok=True)


def set_the_canonical_address(docs: Path, address: str) -> None:
    """A custom domain, as the owner writes it: ``html_baseurl`` on one line."""
    conf = docs / "conf.py"
    text = re.sub(
        r"(?ms)^html_baseurl = .*?\n\)\n",
        f"html_baseurl = {address!r}\n".replace("'", '"'),
        conf.read_text("utf-8"),
    )
    conf.write_text(text, "utf-8")


def future_news_is_refused(news: Path) -> str:
    """Write a news item dated next month, as an owner might: the build must
    refuse it (one warning, which fails ``-W``), so the owner dates it this
    month instead. Returns what the news reader said."""
    from academic_site.site.datafile import read_yaml
    from academic_site.sources.news import read_news_data

    today = datetime.date.today()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).isoformat()[:7]
    text = news.read_text("utf-8")
    first_item = re.search(r"^- ", text, re.M).start()
    future = text[:first_item] + NEWS_ITEM.format(month=next_month) + text[first_item:]
    news.write_text(future, "utf-8")
    loaded = read_news_data(news, read_yaml(news).value)
    news.write_text(text, "utf-8")  # the owner fixes the date
    return "; ".join(str(problem) for problem in loaded.problems)


def make(root: Path) -> OwnersYear:
    """Copy the site to *root* and do every README task to the copy."""
    docs = root / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    copy = OwnersYear(docs)

    # A news item: "add it at the top of docs/data/news.yaml"; dated next
    # month first, which the build refuses, then this month.
    news = docs / "data" / "news.yaml"
    copy.future_news = future_news_is_refused(news)
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

    # A photo: into docs/_static/, named in profile.yaml (where the site
    # has none yet; a site with its own photo keeps it, whatever its size).
    profile = docs / "data" / "profile.yaml"
    text = profile.read_text("utf-8")
    if not (yaml.safe_load(text) or {}).get("photo"):
        shutil.copy(PHOTO, docs / "_static" / "photo.png")
        text = re.sub(r"^photo:.*$", "photo: _static/photo.png", text, flags=re.M)
        profile.write_text(text, "utf-8")

    # Remove a paper: the owner deletes a selected paper a news item names.
    copy.removed = remove_a_named_paper(docs)

    # A page renamed, with a redirect from its old address.
    rename_a_page(docs, *RENAMED)
    # A custom domain.
    set_the_canonical_address(docs, CUSTOM_DOMAIN)
    # A stranger's edits: a hand-written paper (no venue, a long title, the
    # owner's initial, selected: a second selected paper), and a CV section.
    with (docs / "publications.bib").open("a", encoding="utf-8") as bib:
        bib.write(HAND_WRITTEN)
    # ... whose "Huang, Y." the owner lists as a variant of his name, as
    # handbook/publications.md says (unlisted, it is silently not bold).
    names = 'homepage_owner_names = ["Huang, Yuxiang"'
    conf = docs / "conf.py"
    text = conf.read_text("utf-8")
    conf.write_text(text.replace(names, names + ', "Huang, Y."'), "utf-8")
    with (docs / "data" / "cv.yaml").open("a", encoding="utf-8") as cv:
        cv.write(CV_SECTION)

    # The weekly refresh: every figure up, then a pasted paper listed too.
    first = _crawler_file(docs, raise_by=3, also={})
    _refresh(copy, first, "gs_data-1.json")
    second = _crawler_file(docs, raise_by=3, also={copy.newly_listed: 2})
    second["updated"] = first["updated"]
    _refresh(copy, second, "gs_data-2.json")
    return copy


# -- A second copy: the optional features turned off, as a stranger would ----

#: What the stranger sets in conf.py (issue 24's switches), and the .bib's new
#: name.
FEATURES_OFF = {
    "homepage_citations_file": '""',
    "homepage_cv_pdf": '""',
    "homepage_editions": '{"en": ""}',
}
RENAMED_BIB = "papers.bib"
#: A theme colour of the stranger's own (furo's brand colours).
THEME_COLOUR = """
html_theme_options["light_css_variables"] = {
    "color-brand-primary": "#7c2d12",
    "color-brand-content": "#7c2d12",
}
"""


def set_conf(docs: Path, settings: dict[str, str]) -> None:
    """Set each ``name = value`` of *settings* in *docs*' conf.py, where the
    name is set (a line of its own), as the owner edits it."""
    conf = docs / "conf.py"
    text = conf.read_text("utf-8")
    for name, value in settings.items():
        text, count = re.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", text)
        assert count == 1, name
    conf.write_text(text, "utf-8")


def make_features_off(root: Path) -> Path:
    """Copy the site to *root* with every optional feature turned off: no
    citation figures, no CV PDF, one edition, no news (the file deleted and
    its section gone from the home page); and the .bib renamed, and a theme
    colour of the owner's own. Returns the copy's ``docs/``."""
    docs = root / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    set_conf(docs, FEATURES_OFF)
    (docs / "data" / "news.yaml").unlink()
    set_conf(docs, {"homepage_news_file": '""'})
    index = docs / "index.md"
    text = index.read_text("utf-8")
    index.write_text(re.sub(r"## News\n\n```\{news\}\n```\n\n", "", text), "utf-8")
    (docs / "publications.bib").rename(docs / RENAMED_BIB)
    set_conf(docs, {"bibtex_bibfiles": f'["{RENAMED_BIB}"]'})
    # ... and the link to it, which the build names as broken.
    publications = docs / "publications.md"
    text = publications.read_text("utf-8")
    text = text.replace("(publications.bib)", f"({RENAMED_BIB})")
    publications.write_text(
        text.replace("[publications.bib]", f"[{RENAMED_BIB}]"), "utf-8"
    )
    conf = docs / "conf.py"
    conf.write_text(conf.read_text("utf-8") + THEME_COLOUR, "utf-8")
    return docs
