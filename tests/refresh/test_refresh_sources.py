"""``homepage-citations`` on the owner's real data and on hostile sources.

Matching: stable identifiers before titles, alternate titles, a paper that
Scholar stops listing. Hostile or broken sources: each one stderr line and
the data file byte-identical. The payloads are written here, in the shape of
``gs_data.json`` (``tests/refresh/data/gs_data.json``).
"""

from __future__ import annotations

import copy
import datetime
import os
import shutil
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from academic_site.commands import fetching, refresh
from academic_site.papers.bibliography import load_papers
from academic_site.sources.citations import load_citations
from tests.refresh.test_refresh import (
    DATA,
    GS_URL,
    TODAY,
    Site,
    _gs_with,
    _json,
    serve_json,
)


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None) -> Site:
    shutil.copy(DATA / "papers.bib", tmp_path / "papers.bib")
    shutil.copy(DATA / "citations.yaml", tmp_path / "citations.yaml")
    return Site(tmp_path, capsys)


def _publication(gs: dict, pub_id: str) -> dict:
    return gs["publications"][f"AdaLove0000J:{pub_id}"]


# -- Matching by identifier and by alternate title ---------------------------


def test_a_scholar_id_matches_whatever_the_title(site: Site) -> None:
    gs = _json("gs_data.json")
    _publication(gs, "cccc")["bib"]["title"] = "Passages (second edition, retitled)"
    _publication(gs, "cccc")["num_citations"] = 77
    bib = site.bib.read_text("utf-8").replace(
        "  publisher = {Longman},",
        "  scholar_id = {AdaLove0000J:cccc},\n  publisher = {Longman},",
    )
    site.bib.write_text(bib, "utf-8")
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    assert result.code == 0, result.err
    assert load_citations(site.file).paper("babbage1864passages") == 77
    assert "3 of 3 papers matched" in result.out


def test_an_arxiv_id_in_the_citation_matches_the_eprint(site: Site) -> None:
    gs = _json("gs_data.json")
    _publication(gs, "cccc")["bib"].update(
        title="Completely different words", citation="arXiv preprint arXiv:1864.01234"
    )
    _publication(gs, "cccc")["num_citations"] = 5
    bib = site.bib.read_text("utf-8").replace(
        "  publisher = {Longman},",
        "  eprint = {1864.01234v2},\n  archivePrefix = {arXiv},\n"
        "  publisher = {Longman},",
    )
    site.bib.write_text(bib, "utf-8")
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    assert result.code == 0, result.err
    assert load_citations(site.file).paper("babbage1864passages") == 5


def test_a_doi_matches_an_openalex_work() -> None:
    (paper,) = [p for p in load_papers(DATA / "papers.bib") if p.key.startswith("b")]
    paper = type(paper)(**{**paper.__dict__, "doi": "10.1234/Passages.1864"})
    listed = refresh.SourcePaper(
        "Another title", 8, frozenset({"doi:10.1234/passages.1864"})
    )
    counts, keys, titles = refresh.match_papers([paper], [listed])
    assert (counts, keys, titles) == ({"babbage1864passages": 8}, [], [])


def test_an_alternate_title_matches(site: Site) -> None:
    gs = _json("gs_data.json")
    _publication(gs, "cccc")["bib"]["title"] = "The published title of the passages"
    _publication(gs, "cccc")["num_citations"] = 3
    bib = site.bib.read_text("utf-8").replace(
        "  publisher = {Longman},",
        "  alternate_title = {The Published Title of the {Passages}},\n"
        "  publisher = {Longman},",
    )
    site.bib.write_text(bib, "utf-8")
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    assert result.code == 0, result.err
    assert load_citations(site.file).paper("babbage1864passages") == 3


def test_the_extra_fields_are_not_in_the_shown_bibtex() -> None:
    from academic_site.papers.bibliography import HIDDEN_BIBTEX_FIELDS

    assert {"scholar_id", "alternate_title"} <= HIDDEN_BIBTEX_FIELDS


def test_a_paper_scholar_stops_listing_is_named_and_refused(site: Site) -> None:
    before = site.file.read_bytes()
    gs = _json("gs_data.json")
    del gs["publications"]["AdaLove0000J:bbbb"]
    gs["hindex"] = gs["i10index"] = 1  # (one cited paper left)
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    assert result.code == refresh.REFUSED
    assert (
        "Google Scholar no longer lists menabrea-1842-sketch "
        "('Sketch of the Analytical Engine')" in result.out
    )
    assert "citations of menabrea-1842-sketch 230 → none" in result.err
    assert result.err.count("\n") == 1
    assert site.file.read_bytes() == before


def test_a_new_paper_scholar_does_not_list_yet_is_fine(site: Site) -> None:
    with site.bib.open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@misc{new2025, title = {Brand New}, author = {Lovelace, Ada},"
            " year = {2025}}\n"
        )
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    assert (result.code, result.err) == (0, "")
    assert "no figure found for: babbage1864passages, new2025" in result.out


# -- Hostile and broken sources ------------------------------------------------


class _Slow(httpx.SyncByteStream):
    """A body sent one byte per *pause* seconds, forever."""

    def __init__(self, pause: float) -> None:
        self.pause = pause

    def __iter__(self) -> Iterator[bytes]:
        while True:
            yield b" "
            time.sleep(self.pause)


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks


def _gzip_bomb(megabytes: int) -> Iterator[bytes]:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * 1_000_000
    for _ in range(megabytes):
        yield packer.compress(zeros)
    yield packer.flush()


def _one_line_and_untouched(site: Site, result: Any, before: bytes, text: str) -> None:
    assert result.code == fetching.FAILED
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("homepage-citations: error: ")
    assert text in result.err
    assert site.file.read_bytes() == before
    assert site.leftovers() == []


def test_a_server_sending_a_byte_a_second_meets_the_deadline(site: Site) -> None:
    before = site.file.read_bytes()
    started = time.monotonic()
    result = site.run(
        "--timeout",
        "0.6",
        "--scholar-json",
        GS_URL,
        handler=lambda request: httpx.Response(200, stream=_Slow(0.2)),
    )
    assert time.monotonic() - started < 5
    _one_line_and_untouched(site, result, before, f"timed out fetching {GS_URL}")


def test_a_gzip_bomb_is_cut_off_at_the_size_cap(site: Site) -> None:
    before = site.file.read_bytes()
    result = site.run(
        "--scholar-json",
        GS_URL,
        handler=lambda request: httpx.Response(
            200,
            headers={"Content-Encoding": "gzip"},
            stream=_Chunks(_gzip_bomb(fetching.MAX_BODY_BYTES // 1_000_000 + 5)),
        ),
    )
    _one_line_and_untouched(site, result, before, "larger than 20,000,000 bytes")


def test_a_gzipped_body_is_read(site: Site) -> None:
    import json

    body = zlib.compress(json.dumps(_json("gs_data.json")).encode(), wbits=31)
    result = site.run(
        "--scholar-json",
        GS_URL,
        handler=lambda request: httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=_Chunks(iter([body]))
        ),
    )
    assert (result.code, result.err) == (0, "")


DEEP = "[" * 200_000 + "]" * 200_000


def test_json_nested_200000_deep_from_a_url(site: Site) -> None:
    before = site.file.read_bytes()
    result = site.run(
        "--scholar-json",
        GS_URL,
        handler=lambda request: httpx.Response(200, content=DEEP.encode()),
    )
    _one_line_and_untouched(site, result, before, "JSON nested too deeply")


def test_json_nested_200000_deep_from_a_file(site: Site) -> None:
    before = site.file.read_bytes()
    path = site.root / "gs_data.json"
    path.write_text(DEEP, "utf-8")
    result = site.run("--scholar-json", str(path))
    _one_line_and_untouched(site, result, before, "JSON nested too deeply")


def test_a_data_file_that_is_not_utf8_is_named_and_kept(site: Site) -> None:
    site.file.write_bytes('total: 12\nsource: "Gr\u00fcn"\n'.encode("latin-1"))
    before = site.file.read_bytes()
    result = site.run(
        "--scholar-json", GS_URL, handler=serve_json(_json("gs_data.json"))
    )
    _one_line_and_untouched(site, result, before, str(site.file))
    assert "UTF-8" in result.err


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"citedby": 1e30}, "'citedby' must be a whole number"),
        ({"citedby": 10**30}, "more than any profile has"),
        ({"hindex": 10**9}, "more than any profile has"),
        ({"updated": "2031-01-01 00:00:00"}, "'updated' 2031-01-01 is in the future"),
    ],
    ids=["float", "huge-total", "huge-h-index", "future-date"],
)
def test_absurd_figures_are_refused(
    site: Site, changes: dict[str, Any], message: str
) -> None:
    before = site.file.read_bytes()
    result = site.run("--scholar-json", GS_URL, handler=serve_json(_gs_with(**changes)))
    _one_line_and_untouched(site, result, before, message)


def test_a_huge_paper_count_is_refused(site: Site) -> None:
    before = site.file.read_bytes()
    gs = _json("gs_data.json")
    _publication(gs, "aaaa")["num_citations"] = 10**12
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    _one_line_and_untouched(site, result, before, "more than any profile has")


def test_remote_titles_are_printed_without_control_characters(site: Site) -> None:
    gs = _json("gs_data.json")
    _publication(gs, "cccc")["bib"]["title"] = (
        "Evil\x1b[31m red\r\n::error file=x::owned\u2028::warning::again\x07"
    )
    result = site.run("--scholar-json", GS_URL, handler=serve_json(gs))
    assert result.code == 0, result.err
    printed = result.out + result.err
    assert not [line for line in printed.splitlines() if line.lstrip().startswith("::")]
    assert not [c for c in printed if c != "\n" and (ord(c) < 32 or ord(c) == 127)]
    assert "\u2028" not in printed
    assert "  - Evil [31m red ::error file=x::owned ::warning::again" in result.out


def test_two_runs_at_once_take_turns_so_a_lower_figure_never_wins(site: Site) -> None:
    low, high = _gs_with(citedby=1250), _gs_with(citedby=1300)
    results: dict[str, int] = {}

    def run_high() -> None:
        results["high"] = refresh.main(
            [
                "--file",
                str(site.file),
                "--bib",
                str(site.bib),
                "--scholar-json",
                GS_URL,
            ],
            transport=httpx.MockTransport(serve_json(high)),
            today=TODAY,
        )

    other = threading.Thread(target=run_high)

    def low_while_high_runs(request: httpx.Request) -> httpx.Response:
        # The low run has read the old file; the high one starts now and,
        # without the lock, would finish (and write) before the low one.
        other.start()
        other.join(timeout=1.0)
        return httpx.Response(200, json=low)

    code = refresh.main(
        ["--file", str(site.file), "--bib", str(site.bib), "--scholar-json", GS_URL],
        transport=httpx.MockTransport(low_while_high_runs),
        today=TODAY,
    )
    other.join()
    assert (code, results["high"]) == (0, 0)
    assert load_citations(site.file).total == 1300


def test_the_lock_is_held_while_a_run_reads_and_writes(site: Site) -> None:
    # The folder lock of Linux and macOS (Windows: the race test above).
    fcntl = pytest.importorskip("fcntl")
    descriptor = os.open(site.root, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        done = threading.Event()

        def run() -> None:
            refresh.main(
                [
                    "--file",
                    str(site.file),
                    "--bib",
                    str(site.bib),
                    "--scholar-json",
                    GS_URL,
                ],
                transport=httpx.MockTransport(serve_json(_json("gs_data.json"))),
                today=TODAY,
            )
            done.set()

        thread = threading.Thread(target=run)
        thread.start()
        assert not done.wait(0.5)  # waiting for the lock
    finally:
        os.close(descriptor)
    thread.join()
    assert done.is_set()


def test_today_is_what_the_future_is_measured_from() -> None:
    data = copy.deepcopy(_json("gs_data.json"))
    data["updated"] = (TODAY + datetime.timedelta(days=1)).isoformat()
    fetched = refresh.from_scholar_json(data, "x", TODAY)
    assert fetched.date == TODAY + datetime.timedelta(days=1)
