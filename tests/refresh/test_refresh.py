"""``homepage-citations``, driven with recorded responses through a mock transport.

No test touches the network: every HTTP request goes to ``httpx.MockTransport``
and the ``no_network`` guard is on. The recorded payloads in ``data/`` are
hand-written in the shapes the ``scholarly`` crawler and OpenAlex produce.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from academic_site.commands import refresh
from academic_site.papers.bibliography import load_papers
from academic_site.sources.citations import load_citations

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent.parent
TODAY = datetime.date(2025, 6, 2)
GS_URL = "https://data.example.org/gs_data.json"

Handler = Callable[[httpx.Request], httpx.Response]


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass
class Run:
    """One run of the command."""

    code: int
    out: str
    err: str
    requests: list[httpx.Request]


@dataclass
class Site:
    """A scratch copy of the files the command reads and writes."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    @property
    def file(self) -> Path:
        return self.root / "citations.yaml"

    @property
    def bib(self) -> Path:
        return self.root / "papers.bib"

    def run(self, *args: str, handler: Handler | None = None) -> Run:
        requests: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            requests.append(request)
            if handler is None:
                raise AssertionError(f"unexpected request: {request.url}")
            return handler(request)

        code = refresh.main(
            ["--file", str(self.file), "--bib", str(self.bib), *args],
            transport=httpx.MockTransport(record),
            today=TODAY,
        )
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err, requests)

    def leftovers(self) -> list[str]:
        """Files in the directory other than the two the test put there."""
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.name not in {"citations.yaml", "papers.bib", "gs_data.json"}
        )


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None) -> Site:
    shutil.copy(DATA / "papers.bib", tmp_path / "papers.bib")
    shutil.copy(DATA / "citations.yaml", tmp_path / "citations.yaml")
    return Site(tmp_path, capsys)


def serve_json(payload: Any, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, json=payload)


def openalex(
    author: Any = None, pages: list[Any] | None = None, fail_on: str | None = None
) -> Handler:
    """OpenAlex: the author, then the works pages in turn (by cursor)."""
    author = _json("openalex_author.json") if author is None else author
    pages = pages or [_json("openalex_works_1.json"), _json("openalex_works_2.json")]
    cursors = {"*": 0, "Y3Vyc29yLTI=": 1}

    def handle(request: httpx.Request) -> httpx.Response:
        if fail_on and fail_on in str(request.url):
            return httpx.Response(429, headers={"Retry-After": "30"})
        if request.url.path == "/authors/A5000000001":
            return httpx.Response(200, json=author)
        if request.url.path == "/works":
            return httpx.Response(
                200, json=pages[cursors[request.url.params["cursor"]]]
            )
        return httpx.Response(404, json={"error": "not found"})

    return handle


# -- From a gs_data.json ----------------------------------------------------

EXPECTED_FROM_SCHOLAR = """\
# Citation figures shown on the site, read at build time.
# Refreshed by `homepage-citations` (see handbook/citations.md).
source: "Google Scholar"
profile: "https://scholar.google.com/citations?user=AdaLove0000J&hl=en"
date: 2025-06-01
total: 1234
h_index: 2
i10_index: 2
per_year:
  2022: 100
  2023: 400
  2025: 734
papers:
  lovelace1843notes: 1000
  menabrea-1842-sketch: 234
"""


def test_refresh_from_a_local_gs_data_json(site: Site) -> None:
    shutil.copy(DATA / "gs_data.json", site.root / "gs_data.json")
    result = site.run("--scholar-json", str(site.root / "gs_data.json"))
    assert (result.code, result.err) == (0, "")
    assert site.file.read_text(encoding="utf-8") == EXPECTED_FROM_SCHOLAR
    assert result.requests == []
    # It says what changed, what it could not match, and that it wrote.
    assert "  total: 1,200 → 1,234" in result.out
    assert "  citations in 2025: 700 → 734" in result.out
    assert "  citations of lovelace1843notes: 990 → 1,000" in result.out
    assert "  date: 2025-03-14 → 2025-06-01" in result.out
    assert "no figure found for: babbage1864passages" in result.out
    assert "  - A letter on the calculating engine" in result.out
    assert "2 of 3 papers matched" in result.out
    assert f"wrote {site.file}" in result.out
    assert site.leftovers() == []


def test_refresh_from_a_gs_data_json_url(site: Site) -> None:
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert (result.code, result.err) == (0, "")
    assert [str(r.url) for r in result.requests] == [GS_URL]
    assert site.file.read_text(encoding="utf-8") == EXPECTED_FROM_SCHOLAR


def test_the_written_file_is_what_the_build_reads(site: Site) -> None:
    site.run("--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json")))
    citations = load_citations(site.file)
    assert citations.total == 1234
    assert citations.month() == "June 2025"
    assert dict(citations.papers) == {
        "lovelace1843notes": 1000,
        "menabrea-1842-sketch": 234,
    }


def test_a_new_file_is_created_with_default_permissions(site: Site) -> None:
    site.file.unlink()
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert result.code == 0
    assert site.file.read_text(encoding="utf-8") == EXPECTED_FROM_SCHOLAR
    assert site.file.stat().st_mode & 0o777 == 0o644


def test_same_figures_leave_the_file_untouched(site: Site) -> None:
    site.run("--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json")))
    before = site.file.stat().st_mtime_ns
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert result.code == 0
    assert "no change since 2025-06-01" in result.out
    assert site.file.stat().st_mtime_ns == before


def test_dry_run_writes_nothing(site: Site) -> None:
    before = site.file.read_bytes()
    result = site.run(
        "--dry-run", "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert result.code == 0
    assert "  total: 1,200 → 1,234" in result.out
    assert site.file.read_bytes() == before


# -- From OpenAlex ----------------------------------------------------------


def test_refresh_from_openalex_reads_every_page(site: Site) -> None:
    result = site.run("--openalex", "A5000000001", handler=openalex())
    assert (result.code, result.err) == (0, "")
    assert [r.url.path for r in result.requests] == [
        "/authors/A5000000001",
        "/works",
        "/works",
    ]
    assert result.requests[1].url.params["filter"] == "author.id:A5000000001"
    citations = load_citations(site.file)
    assert citations.source == "OpenAlex"
    assert citations.profile == "https://openalex.org/A5000000001"
    assert citations.date == TODAY
    assert (citations.total, citations.h_index, citations.i10_index) == (1300, 2, 2)
    # Years without citations are left out.
    assert citations.per_year == ((2022, 110), (2023, 410), (2025, 780))
    assert dict(citations.papers) == {
        "lovelace1843notes": 1050,
        "menabrea-1842-sketch": 240,
    }
    assert "source: Google Scholar" in result.out


def test_openalex_takes_the_id_as_url_and_sends_the_key_unshown(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENALEX_API_KEY", "s3cret-key")
    result = site.run(
        "--openalex",
        "https://openalex.org/A5000000001",
        handler=openalex(fail_on="/works"),
    )
    assert result.code == 1
    assert all(r.url.params["api_key"] == "s3cret-key" for r in result.requests)
    assert "s3cret-key" not in result.err + result.out


def test_a_bad_openalex_id_is_refused_before_any_request(site: Site) -> None:
    result = site.run("--openalex", "Ada Lovelace", handler=openalex())
    assert result.code == 1
    assert result.err == (
        "homepage-citations: error: not an OpenAlex author id: 'Ada Lovelace'\n"
    )
    assert result.requests == []


# -- Every failure: one line, non-zero, file untouched ----------------------


def _raise(error: type[httpx.TransportError]) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)

    return handle


def _gs_with(**changes: Any) -> Any:
    data = _json("gs_data.json")
    data.update(changes)
    return data


FAILURES = [
    pytest.param(
        _raise(httpx.ReadTimeout), f"timed out fetching {GS_URL}", id="timeout"
    ),
    pytest.param(
        _raise(httpx.ConnectTimeout), "timed out fetching", id="connect-timeout"
    ),
    pytest.param(
        _raise(httpx.ConnectError), f"cannot fetch {GS_URL}", id="unreachable"
    ),
    pytest.param(
        serve_json({}, status=500),
        f"HTTP 500 Internal Server Error from {GS_URL}",
        id="http-500",
    ),
    pytest.param(serve_json({}, status=404), "HTTP 404 Not Found", id="http-404"),
    pytest.param(
        lambda r: httpx.Response(429, headers={"Retry-After": "120"}),
        f"rate limited by {GS_URL} (HTTP 429); retry after 120 seconds",
        id="429-retry-after-seconds",
    ),
    pytest.param(
        lambda r: httpx.Response(
            429, headers={"Retry-After": "Wed, 04 Jun 2025 07:28:00 GMT"}
        ),
        "(HTTP 429); retry after Wed, 04 Jun 2025 07:28:00 GMT",
        id="429-retry-after-date",
    ),
    pytest.param(
        lambda r: httpx.Response(429), f"rate limited by {GS_URL} (HTTP 429)", id="429"
    ),
    pytest.param(
        lambda r: httpx.Response(200, text="<html>Please show you're not a robot"),
        f"malformed payload from {GS_URL}: not JSON",
        id="not-json",
    ),
    pytest.param(serve_json([1, 2]), "malformed payload from", id="json-not-an-object"),
    pytest.param(
        serve_json(_gs_with(citedby="1,234")),
        "'citedby' must be a whole number ≥ 0, not '1,234'",
        id="total-as-text",
    ),
    pytest.param(
        serve_json(_gs_with(hindex=None)),
        "'hindex' must be a whole number",
        id="no-h-index",
    ),
    pytest.param(
        serve_json(_gs_with(publications=None)),
        "'publications' must be a list or object",
        id="no-publications",
    ),
    pytest.param(
        serve_json(_gs_with(publications=[{"bib": {}, "num_citations": 3}])),
        "a publication has no title",
        id="untitled-publication",
    ),
    pytest.param(
        serve_json(
            _gs_with(publications=[{"bib": {"title": "X"}, "num_citations": -3}])
        ),
        "citations of 'X' must be a whole number",
        id="negative-count",
    ),
    pytest.param(
        serve_json(_gs_with(cites_per_year={"recent": 3})),
        "'recent' is not a year",
        id="bad-year",
    ),
    pytest.param(
        serve_json(_gs_with(updated="yesterday")),
        "'updated' is not a date",
        id="bad-date",
    ),
]


@pytest.mark.parametrize(("handler", "message"), FAILURES)
def test_failures_are_one_line_and_leave_the_file_untouched(
    site: Site, handler: Handler, message: str
) -> None:
    before = site.file.read_bytes()
    result = site.run("--scholar-json", GS_URL, handler=handler)
    assert result.code == 1
    assert result.err.startswith("homepage-citations: error: ")
    assert result.err.count("\n") == 1
    assert message in result.err
    assert "Traceback" not in result.err
    assert site.file.read_bytes() == before
    assert site.leftovers() == []


OPENALEX_FAILURES = [
    pytest.param(
        openalex(fail_on="cursor=Y3Vyc29yLTI"),
        "rate limited by https://api.openalex.org/works (HTTP 429); "
        "retry after 30 seconds",
        id="429-on-second-page",
    ),
    pytest.param(
        openalex(author={"id": "https://openalex.org/A5000000001"}),
        "'summary_stats' must be an object",
        id="author-without-stats",
    ),
    pytest.param(
        openalex(pages=[{"meta": {}, "results": "none"}]),
        "'results' must be a list",
        id="works-not-a-list",
    ),
    pytest.param(
        openalex(
            author={**_json("openalex_author.json"), "counts_by_year": [{"year": 2025}]}
        ),
        "citations in 2025 must be a whole number",
        id="year-without-count",
    ),
]


@pytest.mark.parametrize(("handler", "message"), OPENALEX_FAILURES)
def test_openalex_failures_leave_the_file_untouched(
    site: Site, handler: Handler, message: str
) -> None:
    before = site.file.read_bytes()
    result = site.run("--openalex", "A5000000001", handler=handler)
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert message in result.err
    assert site.file.read_bytes() == before


def test_an_unreadable_local_file_is_one_line(site: Site) -> None:
    result = site.run("--scholar-json", str(site.root / "missing.json"))
    assert result.code == 1
    assert result.err == (
        f"homepage-citations: error: cannot read {site.root / 'missing.json'}: "
        "No such file or directory\n"
    )


def test_a_broken_data_file_is_named_and_kept(site: Site) -> None:
    site.file.write_text("total: 1\ndate: 2025-01-01\nsource: [\n", encoding="utf-8")
    before = site.file.read_bytes()
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert result.code == 1
    assert result.err.startswith(f"homepage-citations: error: {site.file}:")
    assert "invalid YAML" in result.err
    assert site.file.read_bytes() == before
    assert result.requests == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = site.file.read_bytes()

    def fail(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert result.code == 1
    assert result.err == (
        f"homepage-citations: error: cannot write {site.file}: Permission denied\n"
    )
    assert site.file.read_bytes() == before
    assert site.leftovers() == []


@pytest.mark.parametrize(
    "key", ["DBLP:journals/corr/abs-1843-Notes", "Lovelace1843", "10.1145/1843001"]
)
def test_keys_in_any_case_and_shape_are_written_and_read_back(
    site: Site, key: str
) -> None:
    for path in (site.bib, site.file):
        path.write_text(
            path.read_text("utf-8").replace("lovelace1843notes", key), "utf-8"
        )
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert (result.code, result.err) == (0, "")
    assert load_citations(site.file).paper(key) == 1000


# -- Refusing lower figures or an empty set --------------------------------


def test_lower_figures_are_refused_unless_forced(site: Site) -> None:
    before = site.file.read_bytes()
    lower = _gs_with(citedby=1100)
    result = site.run("--scholar-json", GS_URL, handler=serve_json(lower))
    assert result.code == refresh.REFUSED
    assert result.err.count("\n") == 1
    assert "refused: figures would go down (total 1,200 → 1,100)" in result.err
    assert "--force" in result.err
    assert site.file.read_bytes() == before

    result = site.run("--force", "--scholar-json", GS_URL, handler=serve_json(lower))
    assert result.code == 0
    assert load_citations(site.file).total == 1100


def test_a_paper_losing_its_figure_is_refused(site: Site) -> None:
    data = _json("gs_data.json")
    del data["publications"]["AdaLove0000J:bbbb"]
    data["hindex"] = data["i10index"] = 1  # (one cited paper left)
    result = site.run("--scholar-json", GS_URL, handler=serve_json(data))
    assert result.code == refresh.REFUSED
    assert "citations of menabrea-1842-sketch 230 → none" in result.err


def test_a_year_going_down_is_refused(site: Site) -> None:
    data = _gs_with(cites_per_year={"2022": 100, "2023": 399, "2025": 734})
    result = site.run("--scholar-json", GS_URL, handler=serve_json(data))
    assert result.code == refresh.REFUSED
    assert "citations in 2023 400 → 399" in result.err


def test_older_figures_are_refused(site: Site) -> None:
    data = _gs_with(updated="2025-01-01 08:00:00.000000")
    result = site.run("--scholar-json", GS_URL, handler=serve_json(data))
    assert result.code == refresh.REFUSED
    assert "date 2025-03-14 → 2025-01-01" in result.err


def test_a_profile_is_kept_only_from_the_same_source(site: Site) -> None:
    data = _json("gs_data.json")
    del data["scholar_id"]
    result = site.run("--scholar-json", GS_URL, handler=serve_json(data))
    assert result.code == 0
    assert load_citations(site.file).profile == (
        "https://scholar.google.com/citations?user=AdaLove0000J&hl=en"
    )
    site.file.write_text(
        site.file.read_text("utf-8").replace('"Google Scholar"', '"Elsewhere"'),
        encoding="utf-8",
    )
    result = site.run("--force", "--scholar-json", GS_URL, handler=serve_json(data))
    assert result.code == 1
    assert result.err == (
        "homepage-citations: error: no https:// profile URL for Google Scholar\n"
    )


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(_gs_with(publications={}), id="no-papers"),
        pytest.param(
            _gs_with(
                publications=[{"bib": {"title": "Unrelated"}, "num_citations": 3}],
                hindex=1,
                i10index=0,
            ),
            id="no-paper-matches",
        ),
        pytest.param(
            _gs_with(citedby=0, hindex=0, i10index=0, cites_per_year={}),
            id="zero-citations",
        ),
    ],
)
def test_an_empty_set_is_refused_even_for_a_new_file(site: Site, payload: Any) -> None:
    site.file.unlink()
    result = site.run("--scholar-json", GS_URL, handler=serve_json(payload))
    assert result.code == refresh.REFUSED
    assert "refused: no citations or no matched paper" in result.err
    assert not site.file.exists()
    assert site.leftovers() == []
    result = site.run("--force", "--scholar-json", GS_URL, handler=serve_json(payload))
    assert result.code == 0
    assert site.file.exists()


# -- Matching titles to .bib keys ------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Notes on the analytical engine by the translator", "lovelace1843notes"),
        ("NOTES ON THE ANALYTICAL ENGINE, BY THE TRANSLATOR.", "lovelace1843notes"),
        ("Sketch of the Analytical Engine", "menabrea-1842-sketch"),
        # A longer version of a title of five words or more.
        (
            "Sketch of the analytical engine invented by C. Babbage",
            "menabrea-1842-sketch",
        ),
        ("Passagés from the life of a philosopher", "babbage1864passages"),
        # Not the same paper: a shared start is not enough.
        ("Sketch of the analytical engineering", None),
        ("Notes", None),
    ],
)
def test_titles_match_after_normalising(title: str, expected: str | None) -> None:
    papers = load_papers(DATA / "papers.bib")
    counts, _, unmatched = refresh.match_papers(papers, [(title, 5)])
    assert list(counts) == ([expected] if expected else [])
    assert unmatched == ([] if expected else [title])


def test_short_titles_do_not_match_by_prefix() -> None:
    papers = load_papers(DATA / "papers.bib")
    short = [p for p in papers if p.key == "lovelace1843notes"]
    short = [type(short[0])(**{**short[0].__dict__, "title": "Notes on"})]
    counts, keys, _ = refresh.match_papers(short, [("Notes on the engine", 9)])
    assert counts == {}
    assert keys == ["lovelace1843notes"]


def test_an_exact_title_beats_a_longer_one() -> None:
    papers = load_papers(DATA / "papers.bib")
    counts, _, unmatched = refresh.match_papers(
        papers,
        [
            ("Sketch of the analytical engine invented by Charles Babbage", 900),
            ("Sketch of the Analytical Engine", 240),
        ],
    )
    assert counts == {"menabrea-1842-sketch": 240}
    assert unmatched == ["Sketch of the analytical engine invented by Charles Babbage"]


def test_a_scholar_arxiv_journal_matches_by_its_arxiv_id(tmp_path: Path) -> None:
    # Scholar writes an arXiv preprint as journal={arXiv preprint arXiv:ID},
    # with no eprint; its id matches the source's under another title.
    bib = tmp_path / "papers.bib"
    bib.write_text(
        "@article{lovelace2024preprint,\n"
        "  title={Notes on a preprint engine},\n"
        "  author={Lovelace, Ada},\n"
        "  journal={arXiv preprint arXiv:2410.01805v2},\n"
        "  year={2024}\n}\n",
        encoding="utf-8",
    )
    papers = load_papers(bib)
    listed = [refresh.SourcePaper("Another title", 7, frozenset({"arxiv:2410.01805"}))]
    counts, _, _ = refresh.match_papers(papers, listed)
    assert counts == {"lovelace2024preprint": 7}


# -- The command itself ----------------------------------------------------


def test_the_command_is_a_console_script_of_the_project() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["homepage-citations"] == (
        "academic_site.commands.refresh:main"
    )


def test_a_source_is_required(site: Site) -> None:
    with pytest.raises(SystemExit) as exit_info:
        site.run()
    assert exit_info.value.code == 2


def test_a_weekly_workflow_runs_the_command_and_commits_only_the_file() -> None:
    import yaml

    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "refresh-citations.yml").read_text("utf-8")
    )
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    (schedule,) = triggers["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*")
    assert weekday.isdigit()
    jobs = workflow["jobs"]
    steps = "\n".join(step.get("run", "") for step in jobs["refresh"]["steps"])
    assert "homepage-citations --scholar-json" in steps
    assert "homepage-citations --openalex" in steps
    assert "git diff --quiet -- docs/data/citations.yaml" in steps
    # The new file goes through CI (a GITHUB_TOKEN push triggers none) before
    # the commit, which only it makes.
    assert jobs["test"]["uses"] == "./.github/workflows/ci.yml"
    assert set(jobs["commit"]["needs"]) == {"refresh", "test"}
    commit = "\n".join(step.get("run", "") for step in jobs["commit"]["steps"])
    assert "git add docs/data/citations.yaml" in commit
    assert "git push" not in steps


def test_the_figure_of_a_paper_removed_from_the_bib_is_dropped(site: Site) -> None:
    # The owner removes a paper the file has a figure for: the refresh writes
    # the file without it (not refused as a lower figure) and names it.
    old = load_citations(site.file)
    removed = old.papers[-1][0]
    text = site.bib.read_text(encoding="utf-8")
    entries = re.split(r"(?m)^(?=@)", text)
    site.bib.write_text(
        "".join(
            e for e in entries if not e.startswith("@") or f"{{{removed}," not in e
        ),
        encoding="utf-8",
    )
    assert removed not in site.bib.read_text(encoding="utf-8")

    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )

    assert (result.code, result.err) == (0, "")
    assert f"no longer lists {removed}" in result.out
    kept = {key for key, _count in old.papers} - {removed}
    assert set(dict(load_citations(site.file).papers)) == kept
