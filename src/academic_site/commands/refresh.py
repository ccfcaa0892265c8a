"""``homepage-citations``: refresh the citation figures in the data file.

Reads the figures from one of two sources:

``--scholar-json PATH_OR_URL``
    a ``gs_data.json`` as the owner's ``scholarly``-based crawler writes it
    (an author object: ``citedby``, ``hindex``, ``i10index``,
    ``cites_per_year``, ``publications`` with ``bib.title`` and
    ``num_citations``, ``updated``);
``--openalex AUTHOR_ID``
    the OpenAlex API (``/authors/{id}`` and ``/works?filter=author.id:{id}``),
    which needs no scraping; set ``OPENALEX_API_KEY`` to send a key.

It validates the payload, matches the papers to the ``.bib`` keys (by a
stable identifier first: the ``.bib`` field ``scholar_id``, the arXiv id or
the DOI; then by normalised title or ``alternate_title``) and says which keys
it could not match, prints what changed and writes the file atomically. It
refuses lower figures, figures no profile can have, or an empty set unless
``--force``. Any failure is one line on stderr, a non-zero exit status and the
file left byte-identical: a slow or endless download meets one overall
deadline, a large or compressed body one size cap, and two runs at once take
turns (a lock on the file's folder). The build never runs this.

Exit status: 0 written or already current, 1 failed (network, payload, files),
2 bad arguments, 3 refused (lower or empty figures without ``--force``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import yaml
from pybtex.scanner import PybtexError

from academic_site.commands.fetching import (
    OPENALEX_API,
    CommandError,
    expect_object,
    get_json,
    openalex_author_id,
    openalex_works,
    parse_json,
    run_command,
    shown,
)
from academic_site.commands.files import one_run_at_a_time, write_atomically
from academic_site.papers.bibcheck import arxiv_in_text
from academic_site.papers.bibliography import Paper, load_papers, normalise_title
from academic_site.site.datafile import DataFileError
from academic_site.sources.citations import (
    MAX_COUNT,
    Citations,
    dump_citations,
    figures_without_a_paper,
    load_citations,
    parse_citations,
)

PROG = "homepage-citations"

#: Exit statuses (see the module docstring).
REFUSED = 3

SCHOLAR_PROFILE = "https://scholar.google.com/citations?user={id}&hl=en"


class SourcePaper(NamedTuple):
    """One paper as a source lists it."""

    title: str
    count: int
    #: Stable identifiers: ``scholar:<author_pub_id>``, ``arxiv:<id>``,
    #: ``doi:<doi>`` (lower case).
    ids: frozenset[str] = frozenset()


#: A failure to report as one line, leaving the data file untouched.
RefreshError = CommandError


@dataclass(frozen=True)
class Fetched:
    """The figures as a source gives them, papers still keyed by title."""

    source: str
    profile: str | None
    date: datetime.date
    total: int
    h_index: int | None
    i10_index: int | None
    per_year: dict[int, int]
    #: Every paper the source lists.
    papers: list[SourcePaper]

    def __post_init__(self) -> None:
        # Figures that cannot be true together: the source is broken.
        problem = impossible_figures(self)
        if problem:
            raise RefreshError(f"malformed payload from {self.source}: {problem}")


def impossible_figures(fetched: Fetched) -> str | None:
    """What in *fetched* cannot be true, or ``None``: a paper cited more than
    the total, an h-index needing more citations
    than the total (h papers of h citations each), an h-index or i10-index
    above the number of cited papers the source lists (each counts cited
    papers), a year after the figures' date."""
    for paper in fetched.papers:
        # (A total of 0 is an empty set, refused by its own rule.)
        if fetched.total and paper.count > fetched.total:
            return (
                f"{shown(paper.title, 60)!r} has {paper.count:,} citations, "
                f"more than the total {fetched.total:,}"
            )
    if fetched.h_index is not None and fetched.h_index**2 > fetched.total:
        return (
            f"an h-index of {fetched.h_index:,} needs more than the total "
            f"{fetched.total:,} citations"
        )
    if fetched.papers:  # (a source that lists no paper gives no bound)
        cited = sum(1 for paper in fetched.papers if paper.count > 0)
        for name, index in (
            ("h-index", fetched.h_index),
            ("i10-index", fetched.i10_index),
        ):
            if index is not None and index > cited:
                return (
                    f"an {name} of {index:,} is above the {cited:,} cited "
                    "papers the source lists"
                )
    future = [year for year in fetched.per_year if year > fetched.date.year]
    if future:
        return f"citations in {min(future)}, after {fetched.date.isoformat()}"
    return None


# -- Reading payloads -------------------------------------------------------


def _count(value: Any, what: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RefreshError(
            f"malformed payload from {where}: {what} must be a whole number ≥ 0, "
            f"not {shown(repr(value), 60)}"
        )
    if value > MAX_COUNT:  # the build's own bound: a source above it is broken
        raise RefreshError(
            f"malformed payload from {where}: {what} is {value:.3g}, more than "
            "any profile has; refused"
        )
    return value


_DOI = re.compile(r"(?:doi\.org/|^)(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def paper_ids(paper: Paper) -> frozenset[str]:
    """The stable identifiers of a ``.bib`` paper, as :class:`SourcePaper` has them."""
    ids = set()
    if paper.scholar_id:
        ids.add(f"scholar:{paper.scholar_id.strip().lower()}")
    if paper.arxiv:
        arxiv = arxiv_in_text(f"arXiv:{paper.arxiv}") or paper.arxiv
        ids.add(f"arxiv:{arxiv.lower()}")
    if paper.doi:
        ids.add(f"doi:{paper.doi.strip().lower()}")
        if arxiv := arxiv_in_text(paper.doi):
            ids.add(f"arxiv:{arxiv.lower()}")
    return frozenset(ids)


def _source_ids(*texts: Any, scholar: Any = None) -> frozenset[str]:
    ids = set()
    if isinstance(scholar, str) and scholar.strip():
        ids.add(f"scholar:{scholar.strip().lower()}")
    for text in texts:
        if not isinstance(text, str):
            continue
        # The arXiv id of an abs/pdf address, an "arXiv:" or an arXiv DOI.
        if arxiv := arxiv_in_text(text):
            ids.add(f"arxiv:{arxiv.lower()}")
        match = _DOI.search(text.strip())
        if match:
            ids.add(f"doi:{match.group(1).lower()}")
    return frozenset(ids)


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", str(value)):
        raise RefreshError(f"malformed payload from {where}: {value!r} is not a year")
    return int(value)


def from_scholar_json(
    data: Any, where: str, today: datetime.date, profile: str | None = None
) -> Fetched:
    """The figures of a ``scholarly`` author object (``gs_data.json``)."""
    author = expect_object(data, "the file", where)
    publications = author.get("publications")
    if isinstance(publications, dict):
        publications = list(publications.values())
    if not isinstance(publications, list):
        raise RefreshError(
            f"malformed payload from {where}: 'publications' must be a list or object"
        )
    papers = []
    for publication in publications:
        publication = expect_object(publication, "each publication", where)
        bib = expect_object(publication.get("bib"), "a publication's 'bib'", where)
        title = bib.get("title")
        if not isinstance(title, str) or not title.strip():
            raise RefreshError(
                f"malformed payload from {where}: a publication has no title"
            )
        # scholarly leaves num_citations out for papers nobody has cited.
        count = _count(
            publication.get("num_citations", 0),
            f"citations of {shown(title, 80)!r}",
            where,
        )
        ids = _source_ids(
            bib.get("citation"),
            publication.get("pub_url"),
            publication.get("eprint_url"),
            scholar=publication.get("author_pub_id"),
        )
        papers.append(SourcePaper(title, count, ids))
    per_year = {
        _year(year, where): _count(count, f"citations in {year}", where)
        for year, count in expect_object(
            author.get("cites_per_year", {}), "'cites_per_year'", where
        ).items()
    }
    date = today
    if isinstance(author.get("updated"), str):
        try:
            date = datetime.date.fromisoformat(author["updated"][:10])
        except ValueError:
            raise RefreshError(
                f"malformed payload from {where}: 'updated' is not a date"
            ) from None
        # A day's grace for time zones; later than that is a broken crawler.
        if date > today + datetime.timedelta(days=1):
            raise RefreshError(
                f"malformed payload from {where}: 'updated' {date.isoformat()} "
                "is in the future; refused"
            )
    scholar_id = author.get("scholar_id")
    if isinstance(scholar_id, str) and re.fullmatch(r"[\w-]+", scholar_id):
        profile = SCHOLAR_PROFILE.format(id=scholar_id)
    return Fetched(
        source="Google Scholar",
        profile=profile,
        date=date,
        total=_count(author.get("citedby"), "'citedby'", where),
        h_index=_count(author.get("hindex"), "'hindex'", where),
        i10_index=_count(author.get("i10index"), "'i10index'", where),
        per_year=per_year,
        papers=papers,
    )


def from_openalex(
    author: Any, works: list[Any], where: str, today: datetime.date
) -> Fetched:
    """The figures of an OpenAlex author and the works listed for it."""
    author = expect_object(author, "the author", where)
    stats = expect_object(author.get("summary_stats"), "'summary_stats'", where)
    counts_by_year = author.get("counts_by_year")
    if not isinstance(counts_by_year, list):
        raise RefreshError(
            f"malformed payload from {where}: 'counts_by_year' must be a list"
        )
    per_year = {}
    for row in counts_by_year:
        row = expect_object(row, "each of 'counts_by_year'", where)
        year = _year(row.get("year"), where)
        per_year[year] = _count(
            row.get("cited_by_count"), f"citations in {year}", where
        )
    papers = []
    for work in works:
        work = expect_object(work, "each work", where)
        title = work.get("display_name") or work.get("title")
        if not isinstance(title, str) or not title.strip():
            continue  # OpenAlex has works without a title; nothing to match.
        work_ids = expect_object(work.get("ids", {}), "a work's 'ids'", where)
        papers.append(
            SourcePaper(
                title,
                _count(
                    work.get("cited_by_count"),
                    f"citations of {shown(title, 80)!r}",
                    where,
                ),
                _source_ids(
                    work.get("doi"), work_ids.get("doi"), work_ids.get("arxiv")
                ),
            )
        )
    profile = author.get("id")
    return Fetched(
        source="OpenAlex",
        profile=profile if isinstance(profile, str) else None,
        date=today,
        total=_count(author.get("cited_by_count"), "'cited_by_count'", where),
        h_index=_count(stats.get("h_index"), "'h_index'", where),
        i10_index=_count(stats.get("i10_index"), "'i10_index'", where),
        # OpenAlex lists years without citations too; the chart needs none.
        per_year={year: count for year, count in per_year.items() if count},
        papers=papers,
    )


# -- Fetching ---------------------------------------------------------------


def fetch_scholar_json(
    client: httpx.Client,
    location: str,
    today: datetime.date,
    deadline: float | None = None,
) -> Fetched:
    """The figures of a ``gs_data.json`` at a local path or an http(s) URL."""
    if re.match(r"https?://", location):
        data = get_json(client, location, deadline=deadline)
    else:
        try:
            text = Path(location).read_text(encoding="utf-8")
        except OSError as error:
            raise RefreshError(f"cannot read {location}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise RefreshError(
                f"malformed payload from {location}: not UTF-8"
            ) from None
        data = parse_json(text, location)
    return from_scholar_json(data, location, today)


def fetch_openalex(
    client: httpx.Client,
    author_id: str,
    today: datetime.date,
    api_key: str | None = None,
    deadline: float | None = None,
) -> Fetched:
    """The figures of OpenAlex author *author_id* (``A…`` or its URL)."""
    author_id = openalex_author_id(author_id)
    key = {"api_key": api_key} if api_key else {}
    author_url = f"{OPENALEX_API}/authors/{author_id}"
    author = get_json(client, author_url, params=key or None, deadline=deadline)
    works = openalex_works(client, author_id, api_key, deadline)
    return from_openalex(author, works, author_url, today)


# -- Matching papers to .bib keys ------------------------------------------


#: A title this many words long or longer may match a longer version of itself
#: (Locret's .bib title is its later title less "on Consumer-Grade Devices").
MIN_PREFIX_WORDS = 5


def titles_match(bib_title: str, source_title: str) -> bool:
    """Whether two normalised titles name one paper: the same, or one of
    :data:`MIN_PREFIX_WORDS` words or more that the other goes on from."""
    if bib_title == source_title:
        return True
    shorter, longer = sorted((bib_title, source_title), key=len)
    return (
        len(shorter.split()) >= MIN_PREFIX_WORDS
        and longer.startswith(shorter)
        and longer[len(shorter)] == " "
    )


def match_papers(
    papers: Sequence[Paper], fetched: Sequence[SourcePaper | tuple[str, int]]
) -> tuple[dict[str, int], list[str], list[str]]:
    """Counts per ``.bib`` key, the keys without a match, the titles without one.

    A stable identifier (``scholar_id``, arXiv id, DOI) shared by the paper and
    the source wins; else an exact title (the ``.bib`` title or an
    ``alternate_title``) wins over a prefix match. When a source lists one
    paper twice (a preprint and its published version), the larger count wins.
    """
    listed = [SourcePaper(*item) for item in fetched]
    normalised = [normalise_title(item.title) for item in listed]
    counts: dict[str, int] = {}
    used: set[int] = set()
    unmatched_keys = []
    for paper in papers:
        ids = paper_ids(paper)
        titles = [normalise_title(t) for t in (paper.title, *paper.alternate_titles)]
        titles = [t for t in titles if t]
        found = [i for i, item in enumerate(listed) if ids & item.ids]
        found = found or [i for i, t in enumerate(normalised) if t in titles]
        found = found or [
            i
            for i, t in enumerate(normalised)
            if any(titles_match(title, t) for title in titles)
        ]
        if found:
            counts[paper.key] = max(listed[i].count for i in found)
            used.update(found)
        else:
            unmatched_keys.append(paper.key)
    unmatched_titles = [item.title for i, item in enumerate(listed) if i not in used]
    return counts, unmatched_keys, unmatched_titles


# -- Comparing and writing --------------------------------------------------


def _figures(citations: Citations) -> dict[str, int | None]:
    figures: dict[str, int | None] = {
        "total": citations.total,
        "h-index": citations.h_index,
        "i10-index": citations.i10_index,
    }
    figures.update({f"citations in {y}": n for y, n in citations.per_year})
    figures.update({f"citations of {k}": n for k, n in citations.papers})
    return figures


def changes(old: Citations | None, new: Citations) -> list[str]:
    """One line per figure that differs between *old* and *new*."""
    before = _figures(old) if old else {}
    after = _figures(new)
    lines = []
    for name in [*before, *(n for n in after if n not in before)]:
        was, now = before.get(name), after.get(name)
        if was != now:
            values = [f"{v:,}" if v is not None else "none" for v in (was, now)]
            lines.append(f"{name}: {values[0]} → {values[1]}")
    if old and (old.source, old.profile) != (new.source, new.profile):
        lines.append(
            f"source: {old.source} ({old.profile}) → {new.source} ({new.profile})"
        )
    return lines


def decreases(old: Citations | None, new: Citations) -> list[str]:
    """What *new* would lower: a figure (one it lacks counts) or the date."""
    if old is None:
        return []
    after = _figures(new)
    lowered = []
    if new.date < old.date:
        lowered.append(f"date {old.date.isoformat()} → {new.date.isoformat()}")
    for name, was in _figures(old).items():
        now = after.get(name)
        if was is not None and (now is None or now < was):
            lowered.append(f"{name} {was:,} → {'none' if now is None else f'{now:,}'}")
    return lowered


# -- The command ------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Refresh the citation figures of the site's data file.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--scholar-json",
        metavar="PATH_OR_URL",
        help="a gs_data.json written by the scholarly crawler",
    )
    source.add_argument(
        "--openalex",
        metavar="AUTHOR_ID",
        help="an OpenAlex author id, A and digits (key: $OPENALEX_API_KEY)",
    )
    parser.add_argument(
        "--file",
        type=Path,
        default=Path("docs/data/citations.yaml"),
        help="the data file to update (default: %(default)s)",
    )
    parser.add_argument(
        "--bib",
        type=Path,
        default=Path("docs/publications.bib"),
        help="the .bib file whose keys the papers are matched to "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even if figures go down or no paper matched",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the changes, write nothing"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds to wait for the network (default: %(default)s)",
    )
    return parser


def refresh(
    args: argparse.Namespace,
    client: httpx.Client,
    today: datetime.date,
    out: Any,
) -> int:
    """Do the work of :func:`main`; raise :class:`RefreshError` on failure."""
    deadline = time.monotonic() + args.timeout
    with one_run_at_a_time(args.file):
        return _refresh(args, client, today, out, deadline)


def _refresh(
    args: argparse.Namespace,
    client: httpx.Client,
    today: datetime.date,
    out: Any,
    deadline: float,
) -> int:
    try:
        old = load_citations(args.file)
    except DataFileError as error:
        where = f"{error.path}:{error.line}" if error.line else str(error.path)
        raise RefreshError(f"{where}: {error.message}") from None
    except UnicodeDecodeError:
        raise RefreshError(f"{args.file}: not UTF-8 text; left as it is") from None
    try:
        papers = load_papers(args.bib)
    except (OSError, PybtexError) as error:
        raise RefreshError(f"cannot read {args.bib}: {shown(error)}") from None

    if args.scholar_json:
        fetched = fetch_scholar_json(client, args.scholar_json, today, deadline)
    else:
        fetched = fetch_openalex(
            client,
            args.openalex,
            today,
            os.environ.get("OPENALEX_API_KEY"),
            deadline,
        )
    counts, unmatched_keys, unmatched_titles = match_papers(papers, fetched.papers)
    profile = fetched.profile
    if profile is None and old is not None and old.source == fetched.source:
        profile = old.profile
    if not profile or not profile.startswith("https://"):
        raise RefreshError(f"no https:// profile URL for {fetched.source}")
    new = Citations(
        source=fetched.source,
        profile=profile,
        date=fetched.date,
        total=fetched.total,
        h_index=fetched.h_index,
        i10_index=fetched.i10_index,
        per_year=tuple(sorted(fetched.per_year.items())),
        papers=tuple((p.key, counts[p.key]) for p in papers if p.key in counts),
    )
    # What is written must be what the build accepts.
    text = dump_citations(new)
    try:
        new = parse_citations(args.file, yaml.safe_load(text), text)
    except DataFileError as error:
        raise RefreshError(f"the new figures are not valid: {error.message}") from None

    print(
        f"{fetched.source}, {new.date.isoformat()}: {new.total:,} citations, "
        f"{len(counts)} of {len(papers)} papers matched",
        file=out,
    )
    titles = {paper.key: paper.title for paper in papers}
    if unmatched_keys:
        print(f"no figure found for: {', '.join(unmatched_keys)}", file=out)
    # A paper that had a figure and has none now: named, never dropped quietly.
    gone = [key for key, _ in (old.papers if old else ()) if key not in counts]
    for key in gone:
        print(
            f"{fetched.source} no longer lists {key} "
            f"({shown(titles.get(key, 'not in ' + str(args.bib)))!r})",
            file=out,
        )
    if unmatched_titles:
        print(
            f"{len(unmatched_titles)} paper(s) of {fetched.source} not in {args.bib}:",
            file=out,
        )
        for title in unmatched_titles:
            print(f"  - {shown(title)}", file=out)

    if not args.force:
        if new.total == 0 or not new.papers:
            print(
                f"{PROG}: refused: no citations or no matched paper; nothing "
                "written (use --force to write anyway)",
                file=sys.stderr,
            )
            return REFUSED
        # A figure of a paper gone from the .bib is dropped, not a decrease.
        kept = old
        if old is not None:
            dropped = set(figures_without_a_paper(old, (p.key for p in papers)))
            papers_kept = tuple(kv for kv in old.papers if kv[0] not in dropped)
            kept = dataclasses.replace(old, papers=papers_kept)
        lowered = decreases(kept, new)
        if lowered:
            print(
                f"{PROG}: refused: figures would go down ({'; '.join(lowered)}); "
                "nothing written (use --force to write anyway)",
                file=sys.stderr,
            )
            return REFUSED

    changed = changes(old, new)
    if old is not None and not changed:
        print(
            f"no change since {old.date.isoformat()}; {args.file} left as it is",
            file=out,
        )
        return 0
    for line in changed:
        print(f"  {line}", file=out)
    if old is not None and old.date != new.date:
        print(f"  date: {old.date.isoformat()} → {new.date.isoformat()}", file=out)
    if args.dry_run:
        print(f"dry run: {args.file} not written", file=out)
        return 0
    try:
        write_atomically(args.file, text)
    except OSError as error:
        raise RefreshError(f"cannot write {args.file}: {error.strerror}") from None
    print(f"wrote {args.file}", file=out)
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    today: datetime.date | None = None,
) -> int:
    """Run the command; *transport* and *today* let tests replace the world."""
    return run_command(
        PROG,
        "academic homepage citation refresh",
        _parser().parse_args(argv),
        refresh,
        transport=transport,
        today=today,
    )
