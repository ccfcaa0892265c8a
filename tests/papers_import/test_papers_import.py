"""``homepage-papers``, driven with recorded responses through a mock transport.

No test touches the network: every request goes to ``httpx.MockTransport`` and
the ``no_network`` guard is on. The recorded responses in ``data/`` are
hand-written in the shapes the APIs document: DBLP's person page
(``https://dblp.org/pid/<pid>.xml``), ORCID's public API v3.0 (``/works`` and
its bulk read ``/works/<put-codes>``) and OpenAlex's ``/works`` list. The
expectations are read from those files and the ``.bib`` beside them.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from academic_site.commands import fetching, papers
from academic_site.papers.bibliography import load_papers, normalise_title
from tests.conftest import REPO
from tests.helpers import build_root

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent / "roots" / "test-papers-import"
TODAY = datetime.date(2025, 8, 1)
DBLP_PID = "12/3456"
ORCID_ID = "0000-0002-1825-0097"
OPENALEX_ID = "A5000000001"
SOURCES = {
    "dblp": ["--dblp", DBLP_PID],
    "orcid": ["--orcid", ORCID_ID],
    "openalex": ["--openalex", OPENALEX_ID],
}

Handler = Callable[[httpx.Request], httpx.Response]


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


def serve(
    dblp: bytes | None = None,
    orcid_works: bytes | None = None,
    orcid_bulk: bytes | None = None,
    openalex: bytes | None = None,
    status: int = 200,
) -> Handler:
    """Each API at its documented address, with the recorded responses
    unless a test gives its own."""
    bodies = {
        ("dblp.org", f"/pid/{DBLP_PID}.xml"): dblp or recorded("dblp_person.xml"),
        ("pub.orcid.org", f"/v3.0/{ORCID_ID}/works"): orcid_works
        or recorded("orcid_works.json"),
        ("api.openalex.org", "/works"): openalex or recorded("openalex_works.json"),
    }

    def handle(request: httpx.Request) -> httpx.Response:
        key = (request.url.host, request.url.path)
        if key[0] == "pub.orcid.org":
            assert request.headers["Accept"] == "application/json"
        if key in bodies:
            return httpx.Response(status, content=bodies[key])
        if key[1].startswith(f"/v3.0/{ORCID_ID}/works/"):
            return httpx.Response(
                status, content=orcid_bulk or recorded("orcid_bulk.json")
            )
        return httpx.Response(404, content=b"not found")

    return handle


@dataclass
class Run:
    code: int
    out: str
    err: str
    before: bytes
    after: bytes
    folder: Path

    @property
    def appended(self) -> str:
        assert self.after.startswith(self.before), "the .bib was changed, not added to"
        return self.after[len(self.before) :].decode("utf-8")

    def entries(self) -> list:
        """The papers the run added, as the build reads them."""
        old = {paper.key for paper in load_papers(DATA / "papers.bib")}
        return [p for p in load_papers(self.folder / "papers.bib") if p.key not in old]


@pytest.fixture
def run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None
) -> Callable[..., Run]:
    bib = tmp_path / "papers.bib"
    bib.write_bytes(recorded("papers.bib"))

    def go(
        *args: str, handler: Handler | None = None, bib_bytes: bytes | None = None
    ) -> Run:
        if bib_bytes is not None:
            bib.write_bytes(bib_bytes)
        before = bib.read_bytes()
        code = papers.main(
            ["--bib", str(bib), *args],
            transport=httpx.MockTransport(handler or serve()),
            today=TODAY,
        )
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err, before, bib.read_bytes(), tmp_path)

    return go


def _bib_titles() -> set[str]:
    return {
        normalise_title(t)
        for paper in load_papers(DATA / "papers.bib")
        for t in (paper.title, *paper.alternate_titles)
    }


# -- New papers found, in the house form ------------------------------------


def _dblp_titles() -> list[str]:
    xml = recorded("dblp_person.xml").decode("ascii")
    titles = re.findall(
        r"<(?:article|inproceedings|book)\b.*?<title>(.*?)</title>", xml, re.S
    )
    return [
        re.sub(r"<[^>]+>", "", t).replace("&amp;", "&").removesuffix(".")
        for t in titles
    ]


def test_dblp_finds_the_papers_the_bib_lacks(run: Callable[..., Run]) -> None:
    result = run(*SOURCES["dblp"])
    assert (result.code, result.err) == (0, "")
    added = result.entries()
    # Every DBLP paper is in the .bib, or added: the two versions of one paper once.
    expected = {
        normalise_title(t)
        for t in _dblp_titles()
        if normalise_title(t) not in _bib_titles()
    }
    expected -= {
        normalise_title(t) for t in _dblp_titles() if "Bernoulli" in t or "Sketch" in t
    }
    assert {normalise_title(p.title) for p in added} == expected
    assert len(added) == len(expected)
    for paper in added:
        assert f"{paper.key}:" in result.out


def test_each_new_entry_sits_under_a_review_marker(run: Callable[..., Run]) -> None:
    result = run(*SOURCES["dblp"])
    chunks = re.split(r"\n(?=% homepage-papers:)", result.appended.strip())
    assert len(chunks) == len(result.entries())
    for chunk in chunks:
        marker, entry = chunk.split("\n", 1)
        assert re.fullmatch(
            rf"% homepage-papers: imported from DBLP on {TODAY}, please review: "
            r"https://dblp\.org/rec/\S+",
            marker,
        )
        assert entry.startswith("@")
        assert entry.rstrip().endswith("}")


def test_the_house_form_key_fields_and_escapes(run: Callable[..., Run]) -> None:
    result = run(*SOURCES["dblp"])
    by_title = {p.title: p for p in result.entries()}
    # DBLP's title has markup (<i>) and BibTeX's specials: plain text, read back.
    tricky = next(t for t in _dblp_titles() if "%" in t)
    paper = by_title[tricky]
    assert paper.key == "lovelace2025connexion"  # family, year, first title word
    assert paper.authors == ("Ada Lovelace", "Mary Somerville")  # no "0001"
    assert paper.venue.startswith("arXiv preprint")
    assert paper.arxiv
    assert paper.url == f"https://arxiv.org/abs/{paper.arxiv}"
    assert r"100\% of Engines: A\_Study \#1" in result.appended
    # Field names line up as the house file's do; the last has no comma.
    entry = result.appended.split("@article{lovelace2025connexion,\n")[1].split("\n}")[
        0
    ]
    assert len({line.index("=") for line in entry.splitlines()}) == 1
    assert not entry.endswith(",")


def test_orcid_and_openalex_find_the_new_papers(run: Callable[..., Run]) -> None:
    works = json.loads(recorded("orcid_bulk.json"))["bulk"]
    for source in ("orcid", "openalex"):
        result = run(*SOURCES[source], bib_bytes=recorded("papers.bib"))
        assert (result.code, result.err) == (0, "")
        added = result.entries()
        assert [p.title for p in added] == ["The Engine and the Loom: A Survey"]
        (paper,) = added
        assert paper.doi == "10.5555/jce.2025.42"
        # ORCID: authors from the full record; its editor is not an author.
        assert paper.authors == ("Ada Lovelace", "Mary Somerville")
    # OpenAlex: the arXiv copy among its locations is the eprint.
    assert paper.arxiv == "2505.00005"
    assert paper.pages == "33\u201358"
    assert len(works) == 2


# -- De-duplicated: DOI, arXiv id, title, preprint and published ------------


def test_the_bib_papers_are_named_with_why(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    body = tmp_path / "pr.md"
    result = run(*SOURCES["dblp"], "--pr-body", str(body))
    assert result.code == 0
    known = body.read_text("utf-8").split("## Already in the .bib")[1]
    assert "is `lovelace2023bernoulli`: same DOI." in known
    assert "is `menabrea2022sketch`: same arXiv id." in known
    # An alternate_title is a title of the paper.
    assert "is `lovelace2021poetical`: same title." in known


def test_a_bib_preprint_and_its_published_version_are_one_paper(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    # DBLP lists the NeurIPS version (a DOI, no arXiv id) of the .bib's preprint.
    body = tmp_path / "pr.md"
    result = run(*SOURCES["dblp"], "--pr-body", str(body))
    assert "NeurIPS" not in result.appended
    line = next(
        line for line in body.read_text("utf-8").splitlines() if "NeurIPS" in line
    )
    assert "is `lovelace2024notes`: same title." in line
    assert "The `.bib` lists its preprint; this is the published version" in line


def test_a_longer_published_title_is_the_same_paper(run: Callable[..., Run]) -> None:
    # Published as "<the preprint's title> on Real Looms": one paper still.
    xml = recorded("dblp_person.xml").replace(
        b"Notes on the Analytical Engine as a Language Model.",
        b"Notes on the Analytical Engine as a Language Model on Real Looms.",
    )
    result = run(*SOURCES["dblp"], handler=serve(dblp=xml))
    assert "Real Looms" not in result.appended


def test_the_sources_preprint_and_published_version_are_one_entry(
    run: Callable[..., Run],
) -> None:
    result = run(*SOURCES["dblp"])
    looms = [p for p in result.entries() if p.title.startswith("Looms")]
    assert len(looms) == 1  # DBLP has the ICML paper and its CoRR preprint
    (paper,) = looms
    assert paper.venue == "ICML"
    assert paper.doi == "10.5555/icml.2025.7"
    assert paper.arxiv == "2502.00003"  # the preprint's id kept
    assert paper.pages == "100\u2013110"


def test_a_second_run_adds_nothing(run: Callable[..., Run]) -> None:
    first = run(*SOURCES["dblp"])
    second = run(*SOURCES["dblp"], bib_bytes=first.after)
    assert second.code == 0
    assert second.after == first.after
    assert ", 0 new" in second.out


def test_arxiv_ids_are_read_by_the_one_rule() -> None:
    for text, expected in [
        ("https://doi.org/10.48550/arXiv.2401.00001", "2401.00001"),
        ("10.48550/ARXIV.2401.00001", "2401.00001"),
        ("http://arxiv.org/abs/2401.00001v3", "2401.00001"),
        ("https://arxiv.org/pdf/2401.00001v2.pdf", "2401.00001"),
        ("abs/2401.00001", "2401.00001"),
        ("arXiv:cs/0112017v1", "cs/0112017"),
        ("https://doi.org/10.1145/3704435", None),
        ("https://arxiv.org/abs/not-an-id", None),
    ]:
        assert papers.arxiv_in(text) == expected, text
    source = Path(papers.__file__).read_text("utf-8")
    assert r"\d{4}\.\d{4,5}" not in source  # no second arXiv id pattern


# -- The pull request body --------------------------------------------------


def test_the_pull_request_body_lists_each_new_paper(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    body_path = tmp_path / "pr.md"
    result = run(*SOURCES["dblp"], "--pr-body", str(body_path))
    body = body_path.read_text("utf-8")
    table = body.split("## New papers")[1].split("##")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(result.entries())
    for paper in result.entries():
        row = next(r for r in rows if f"`{paper.key}`" in r)
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[3] == paper.year
        assert cells[4].startswith("DBLP")
        assert re.fullmatch(r"<https://\S+>", cells[5])
        assert paper.url in cells[5] or (paper.doi and paper.doi in cells[5])
        unescaped = re.sub(r"\\(.)", r"\1", cells[1])
        assert unescaped == paper.title
    assert "## Versions merged" in body


def test_remote_text_in_the_body_is_inert(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    xml = recorded("dblp_person.xml").replace(
        b"Looms and Lemmas: Weaving Algebraic Patterns.",
        b"Looms [click](https://evil.example) &lt;img src=x onerror=alert(1)&gt;"
        b" @octocat #1",
    )
    body_path = tmp_path / "pr.md"
    result = run(*SOURCES["dblp"], "--pr-body", str(body_path), handler=serve(dblp=xml))
    assert result.code == 0
    body = body_path.read_text("utf-8")
    for markup in (r"\[click", r"<img", r"@octocat", r"#1"):
        assert not re.search(rf"(?<!\\){markup}", body), markup  # each escaped
    assert r"\[click\]\(https\:" in body
    assert r"\@octocat" in body


# -- Hostile responses: one line, the .bib byte-identical -------------------


def _billion_laughs() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE dblpperson [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><dblpperson>&b;</dblpperson>'
    )


HOSTILE = {
    "DBLP sends HTML": (
        "dblp",
        serve(dblp=b"<!DOCTYPE html><html><body>Busy</body></html>"),
        "<html>, not <dblpperson>",
    ),
    "DBLP sends XHTML": (
        "dblp",
        serve(dblp=b"<html><body>Busy</body></html>"),
        "<html>, not <dblpperson>",
    ),
    "DBLP declares entities": (
        "dblp",
        serve(dblp=_billion_laughs()),
        "declares entities",
    ),
    "DBLP starts with a BOM": (
        "dblp",
        serve(dblp=b"\xef\xbb\xbf" + recorded("dblp_person.xml")),
        "byte-order mark",
    ),
    "DBLP breaks off": (
        "dblp",
        serve(dblp=recorded("dblp_person.xml")[:900]),
        "not XML",
    ),
    "DBLP fails": ("dblp", serve(status=503), "HTTP 503"),
    "ORCID sends HTML": (
        "orcid",
        serve(orcid_works=b"<html><body>Sign in</body></html>"),
        "not JSON",
    ),
    "ORCID's groups are not a list": (
        "orcid",
        serve(orcid_works=b'{"group": {"a": 1}}'),
        "'group' must be a list",
    ),
    "ORCID's bulk is not a list": (
        "orcid",
        serve(orcid_bulk=b'{"bulk": "none"}'),
        "'bulk' must be a list",
    ),
    "ORCID starts with a BOM": (
        "orcid",
        serve(orcid_works=b"\xef\xbb\xbf" + recorded("orcid_works.json")),
        "byte-order mark",
    ),
    "OpenAlex sends broken JSON": (
        "openalex",
        serve(openalex=b'{"results": [{"id": '),
        "not JSON",
    ),
    "OpenAlex's results are text": (
        "openalex",
        serve(openalex=b'{"results": "many"}'),
        "'results' must be a list",
    ),
    "OpenAlex's cursor is an object": (
        "openalex",
        serve(openalex=b'{"results": [], "meta": {"next_cursor": {"a": 1}}}'),
        "'next_cursor' must be text",
    ),
    "OpenAlex sends a list": (
        "openalex",
        serve(openalex=b"[1, 2]"),
        "must be an object",
    ),
    "OpenAlex nests too deeply": (
        "openalex",
        serve(openalex=b"[" * 100_000),
        "nested too deeply",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_response_is_one_line_and_no_change(
    case: str, run: Callable[..., Run], tmp_path: Path
) -> None:
    source, handler, message = HOSTILE[case]
    body = tmp_path / "pr.md"
    result = run(*SOURCES[source], "--pr-body", str(body), handler=handler)
    assert result.code == fetching.FAILED
    assert result.after == result.before
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("homepage-papers: error: ")
    assert message in lines[0]
    assert not body.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.bib"]


def test_a_huge_response_is_cut_off(
    run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetching, "MAX_BODY_BYTES", 2_000)
    result = run(*SOURCES["dblp"])
    assert result.code == fetching.FAILED
    assert result.after == result.before
    assert result.err.count("\n") == 1
    assert "larger than 2,000 bytes" in result.err


def _openalex_with(work_changes: dict) -> bytes:
    payload = json.loads(recorded("openalex_works.json"))
    payload["results"][1].update(work_changes)  # the one new paper
    return json.dumps(payload).encode()


BAD_RECORDS = {
    "a title with TeX": (
        {"display_name": r"Engines \input{/etc/passwd} }{"},
        "TeX markup",
    ),
    "a title with math": ({"display_name": "Engines in $O(n^2)$ time"}, "TeX markup"),
    "a title with TeX dashes": (
        {"display_name": "Engines -- a Survey"},
        "TeX markup",
    ),
    "a title with an escape": (
        {"display_name": "Engines \x1b[31mred\x1b[0m"},
        "control characters",
    ),
    "a title with a bidi override": (
        {"display_name": "Engines \u202egnp.exe"},
        "control characters",
    ),
    "a title that is a number": ({"display_name": 42}, "title is not text"),
    "no title": ({"display_name": None, "title": None}, "no title"),
    "a year in words": ({"publication_year": "soon"}, "is not a year"),
    "an author with three commas": (
        {"authorships": [{"author": {"display_name": "Lovelace, Ada, Jr, III"}}]},
        "is not a name",
    ),
    "an author who is two": (
        {"authorships": [{"author": {"display_name": "Ada Lovelace and Eve"}}]},
        "has 'and'",
    ),
    "an author that is a list": (
        {"authorships": [{"author": {"display_name": ["A"]}}]},
        "author name is not text",
    ),
}


@pytest.mark.parametrize("case", BAD_RECORDS, ids=list(BAD_RECORDS))
def test_a_hostile_record_is_skipped_with_one_line(
    case: str, run: Callable[..., Run], tmp_path: Path
) -> None:
    changes, message = BAD_RECORDS[case]
    body = tmp_path / "pr.md"
    handler = serve(openalex=_openalex_with(changes))
    result = run(*SOURCES["openalex"], "--pr-body", str(body), handler=handler)
    assert result.code == 0  # the other records are still read
    assert result.after == result.before  # the bad one was the only new paper
    (line,) = result.err.splitlines()
    assert line.startswith("homepage-papers: skipped https://openalex.org/W4400000002")
    assert message in line
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", line)
    assert "## Skipped" in body.read_text("utf-8")


def test_a_bib_that_is_not_utf8_is_left_alone(run: Callable[..., Run]) -> None:
    result = run(*SOURCES["dblp"], bib_bytes=recorded("papers.bib") + b"\n% caf\xe9\n")
    assert result.code == fetching.FAILED
    assert result.after == result.before
    assert "not UTF-8" in result.err
    assert result.err.count("\n") == 1


def test_a_bad_id_is_refused_before_any_request(run: Callable[..., Run]) -> None:
    def no_request(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected request: {request.url}")

    for args in (["--dblp", "../../etc"], ["--orcid", "0000"], ["--openalex", "W1"]):
        result = run(*args, handler=no_request)
        assert result.code == fetching.FAILED
        assert result.after == result.before
        assert result.err.count("\n") == 1


def test_dry_run_and_out_leave_the_bib_alone(
    run: Callable[..., Run], tmp_path: Path
) -> None:
    dry = run(*SOURCES["dblp"], "--dry-run")
    assert dry.code == 0
    assert dry.after == dry.before
    assert "@inproceedings{lovelace2025looms," in dry.out
    out = tmp_path / "new.bib"
    written = run(*SOURCES["dblp"], "--out", str(out))
    assert written.code == 0
    assert written.after == written.before
    assert out.read_text("utf-8").startswith("% homepage-papers: imported from DBLP")


# -- The appended entries build cleanly -------------------------------------


def test_the_appended_entries_build_under_n_w(
    run: Callable[..., Run], make_app: Callable[..., SphinxTestApp]
) -> None:
    result = run(*SOURCES["dblp"])
    bib = result.after.decode("utf-8")
    app = build_root(
        make_app, ROOT, result.folder / "site", {"refs.bib": bib}, nitpicky=True
    )
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    keys = [p.key for p in load_papers(result.folder / "papers.bib")]
    # Every entry is listed, and the markers are not papers.
    assert len(page.select(".publication")) == len(keys)
    assert "homepage-papers" not in page.get_text()
    for paper in result.entries():
        assert paper.title in re.sub(r"\s+", " ", page.get_text())


class _Slow(httpx.SyncByteStream):
    """A body that never ends, a byte every *pause* seconds."""

    def __init__(self, pause: float) -> None:
        self.pause = pause

    def __iter__(self):
        while True:
            time.sleep(self.pause)
            yield b" "


def test_a_slow_server_meets_the_one_deadline(run: Callable[..., Run]) -> None:
    started = time.monotonic()
    result = run(
        "--timeout",
        "0.6",
        *SOURCES["dblp"],
        handler=lambda request: httpx.Response(200, stream=_Slow(0.2)),
    )
    assert time.monotonic() - started < 5
    assert result.code == fetching.FAILED
    assert result.after == result.before
    assert result.err == (
        f"homepage-papers: error: timed out fetching https://dblp.org/pid/{DBLP_PID}.xml\n"
    )


def test_a_bib_with_crlf_line_ends_keeps_them(run: Callable[..., Run]) -> None:
    crlf = recorded("papers.bib").replace(b"\n", b"\r\n")
    result = run(*SOURCES["dblp"], bib_bytes=crlf)
    assert result.code == 0
    assert result.after.startswith(crlf)
    added = result.after[len(crlf) :]
    assert added.count(b"\n") == added.count(b"\r\n") > 0
    assert len(result.entries()) == 2


def test_entries_that_would_not_read_back_are_refused(tmp_path: Path) -> None:
    old = recorded("papers.bib").decode("utf-8")
    record = papers.Record(
        source="DBLP",
        link="https://dblp.org/rec/x",
        entry_type="article",
        title="Engines",
        authors=("Ada Lovelace",),
        year="2025",
    )
    good = papers.entry_text(record, "lovelace2025engines", TODAY)
    papers.check_read_back(
        tmp_path / "x.bib",
        old,
        papers.appended(old, [good]),
        {"lovelace2025engines": record},
    )
    # What the build would read otherwise, or warn about, is never written.
    for bad in (
        good.replace("{Engines}", "{Engines~2}"),  # another title
        good.replace("lovelace2025engines", "lovelace2023bernoulli"),  # a taken key
        good.replace("{2025}", "{}"),  # no year
    ):
        key = "lovelace2025engines"
        with pytest.raises(papers.CommandError, match="would not read back"):
            papers.check_read_back(
                tmp_path / "x.bib", old, papers.appended(old, [bad]), {key: record}
            )


def _leaves(node: object, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, (*path, i))]
    return [path]


def _with(node: object, path: tuple, value: object) -> object:
    copy = json.loads(json.dumps(node))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@pytest.mark.parametrize("source", ["orcid", "openalex"])
def test_any_field_of_the_wrong_type_is_a_skip_never_a_crash(source: str) -> None:
    if source == "orcid":
        work = json.loads(recorded("orcid_bulk.json"))["bulk"][1]["work"]

        def read(work: object) -> object:
            return papers.orcid_record(work, "https://orcid.org/x/work/1", TODAY)
    else:
        work = json.loads(recorded("openalex_works.json"))["results"][1]

        def read(work: object) -> object:
            return papers.openalex_record(work, TODAY)

    for path in _leaves(work):
        for odd in ([], {}, 7, True, None, "", "\x00"):
            with contextlib.suppress(papers.Skip):  # one stderr line, then
                read(_with(work, path, odd))


def test_the_command_is_a_console_script_of_the_project() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["homepage-papers"] == (
        "academic_site.commands.papers:main"
    )


def test_a_source_is_required(run: Callable[..., Run]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 2
