"""The benchmark's data and helpers work; its timings are never asserted here."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from academic_site.papers.bibliography import read_papers
from tools import benchdata, benchmark, benchserve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bib() -> str:
    return benchdata.generate_bib(120)


def test_the_generated_bib_parses_with_pybtex(bib: str) -> None:
    data = parse_string(bib, "bibtex")
    papers = [e for e in data.entries.values() if e.type != "proceedings"]
    assert len(papers) == 120
    assert benchmark.count_entries(bib) == (120, len(data.entries))


def test_the_generated_bib_has_nothing_the_site_warns_about(tmp_path: Path) -> None:
    # Enough papers that the title word lists repeat (800 titles of 1200).
    path = tmp_path / "refs.bib"
    path.write_text(benchdata.generate_bib(800), encoding="utf-8")
    model = read_papers([path], owner_names=[benchdata.OWNER])
    assert [problem.message for problem in model.problems] == []


def test_the_generated_bib_has_the_real_world_shapes(bib: str) -> None:
    data = parse_string(bib, "bibtex")
    entries = data.entries.values()
    assert {e.type for e in entries} >= {
        "inproceedings",
        "proceedings",
        "article",
        "misc",
        "techreport",
        "phdthesis",
        "book",
    }
    # Every crossref names a @proceedings entry of the file.
    crossrefs = {e.fields["crossref"] for e in entries if "crossref" in e.fields}
    assert crossrefs
    assert all(data.entries[key].type == "proceedings" for key in crossrefs)
    # @string macros are used (pybtex expands them) and LaTeX is in the text.
    assert re.search(r"^@string\{acl = ", bib, flags=re.MULTILINE)
    assert re.search(r"^  publisher\s*= acl,$", bib, flags=re.MULTILINE)
    assert any(e.fields.get("publisher") == benchdata.MACROS["acl"] for e in entries)
    assert 'M{\\"u}ller' in bib
    assert "{$O(n \\log n)$}" in bib
    # Author lists of many lengths; the owner in some entries, not all.
    lengths = {len(e.persons.get("author", [])) for e in entries}
    assert min(lengths) <= 1
    assert max(lengths) >= 10
    with_owner = [e for e in entries if benchdata.OWNER in bib_authors(e)]
    assert 0 < len(with_owner) < len(data.entries)


def bib_authors(entry) -> list[str]:
    return [str(person) for person in entry.persons.get("author", [])]


def test_the_generator_is_deterministic() -> None:
    assert benchdata.generate_bib(30) == benchdata.generate_bib(30)
    assert benchdata.generate_bib(30) != benchdata.generate_bib(30, seed=1)


def test_one_edit_changes_one_title(bib: str) -> None:
    edited = benchdata.edit_one_entry(bib)
    before = parse_string(bib, "bibtex").entries
    after = parse_string(edited, "bibtex").entries
    assert list(before) == list(after)
    changed = [key for key in before if before[key].fields != after[key].fields]
    assert len(changed) == 1
    assert after[changed[0]].fields["title"].startswith("Edited: ")


def test_the_real_bib_can_be_edited_too() -> None:
    real = (benchmark.REPO / "docs" / benchmark.BIB_NAME).read_text(encoding="utf-8")
    assert benchdata.edit_one_entry(real) != real


def test_scale_is_read_from_make() -> None:
    assert benchmark.parse_scale("6 200 800") == [6, 200, 800]
    assert benchmark.parse_scale(" 6,200 ") == [6, 200]
    with pytest.raises(argparse.ArgumentTypeError, match="at least 1"):
        benchmark.parse_scale("6 0")


def test_the_two_projects_get_the_same_bib(tmp_path: Path) -> None:
    text = benchdata.generate_bib(3)
    site = benchmark.make_site_docs(text, tmp_path / "site")
    plain = benchmark.make_plain_docs(text, tmp_path / "plain")
    assert (site / "conf.py").read_text() == (
        benchmark.REPO / "docs" / "conf.py"
    ).read_text()
    assert (site / benchmark.BIB_NAME).read_text() == text
    assert (plain / benchmark.BIB_NAME).read_text() == text
    assert ":all:" in (plain / "index.rst").read_text()


def test_a_build_is_measured(tmp_path: Path) -> None:
    docs = benchmark.make_plain_docs(benchdata.generate_bib(3), tmp_path / "docs")
    out = tmp_path / "html"
    cold = benchmark.sphinx_build(docs, out)
    assert cold.max_rss > 10_000_000  # a Python process with Sphinx loaded
    assert cold.read == 1
    assert cold.written >= 1
    assert cold.warnings == ()
    unchanged = benchmark.sphinx_build(docs, out)
    assert unchanged.read == 0
    variants = [
        benchmark.Variant("a", docs, out, {s: [cold] for s in benchmark.STEPS}),
        benchmark.Variant("b", docs, out, {s: [unchanged] for s in benchmark.STEPS}),
    ]
    table = benchmark.scale_table([("3 papers", *variants)])
    assert table[0].startswith("| .bib | | a | b |")
    assert any("peak RSS, MB" in line for line in table)
    assert not any("without the CV PDF" in line for line in table)


def test_the_site_is_measured_without_its_pdf_too(tmp_path: Path) -> None:
    text = benchdata.generate_bib(3)
    docs = benchmark.make_site_docs(text, tmp_path / "docs")
    site = benchmark.Variant("site", docs, tmp_path / "html", has_pdf=True)
    plain_docs = benchmark.make_plain_docs(text, tmp_path / "plain")
    plain = benchmark.Variant("plain", plain_docs, tmp_path / "plain-html")
    benchmark.time_builds([site, plain], repeat=1)
    assert (tmp_path / "html" / "cv.pdf").is_file()
    without = tmp_path / "html-without-pdf"
    assert without.is_dir()
    assert not (without / "cv.pdf").exists()
    assert set(site.runs) == {*benchmark.STEPS, benchmark.WITHOUT_PDF}
    assert set(plain.runs) == set(benchmark.STEPS)
    rows = benchmark.scale_table([("docs/", site, plain)])
    (row,) = [line for line in rows if "peak RSS without the CV PDF" in line]
    cells = [cell.strip() for cell in row.split("|")]
    assert cells[3] == benchmark.megabytes(site.peak_rss([benchmark.WITHOUT_PDF]))
    assert cells[4] == benchmark.megabytes(plain.peak_rss())


def test_a_failed_build_is_reported(tmp_path: Path) -> None:
    docs = benchmark.make_plain_docs("", tmp_path / "docs")
    (docs / "conf.py").write_text("raise SystemExit(3)\n")
    with pytest.raises(RuntimeError, match="sphinx-build failed"):
        benchmark.sphinx_build(docs, tmp_path / "html")


def test_addons_are_injected_at_the_end_of_head() -> None:
    page = b"<html><head><title>x</title></head><body></body></html>"
    served = benchserve.inject_addons(page)
    head = served.split(b"</head>")[0]
    assert head.endswith(benchserve.INJECTED_HEAD.encode())
    assert f'<script async type="text/javascript" src="{benchserve.ADDONS_PATH}">' in (
        served.decode()
    )
    assert benchserve.inject_addons(b"no head") == b"no head"


def test_the_stand_in_has_no_ads() -> None:
    addons = benchserve.ADDONS_STAND_IN["addons"]
    assert addons["ethicalads"]["ad_free"] is True
    assert addons["ethicalads"]["enabled"] is False


#: Fetches a URL (gzip accepted) and prints its type and body. It runs in a
#: process of its own, as a browser would: the tests' socket guard
#: (tests/conftest.py) refuses connections from this one, even to 127.0.0.1.
FETCH = """
import gzip, sys, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Accept-Encoding": "gzip"})
with urllib.request.urlopen(request, timeout=10) as response:
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    sys.stdout.buffer.write(response.headers["Content-Type"].encode() + b"\\n" + body)
"""


def get(url: str) -> tuple[str, bytes]:
    run = subprocess.run(
        [sys.executable, "-c", FETCH, url], capture_output=True, check=True, timeout=60
    )
    kind, _, body = run.stdout.partition(b"\n")
    return kind.decode(), body


def test_read_the_docs_is_served(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head><body>hi</body></html>")
    (tmp_path / "style.css").write_text("body {}")
    bundle = tmp_path / "bundle.js"
    bundle.write_text("console.log('addons')")

    with benchserve.serve_as_read_the_docs(tmp_path, bundle) as base:
        kind, page = get(base + "index.html")
        assert kind == "text/html"
        assert benchserve.INJECTED_HEAD.encode() in page
        assert get(base)[1] == page
        assert get(base + benchserve.ADDONS_PATH.lstrip("/"))[1] == bundle.read_bytes()
        kind, answer = get(base + "_/addons/?api-version=1&client-version=0.49.0")
        assert kind == "application/json"
        assert json.loads(answer) == benchserve.ADDONS_STAND_IN
        assert get(base + "_/api/v2/analytics/?project=homepage")[0] == (
            "application/json"
        )
        assert get(base + "style.css")[1] == b"body {}"


def test_the_news_of_the_news_scale_are_read_without_a_problem(tmp_path: Path) -> None:
    from academic_site.sources.news import read_news

    path = tmp_path / "news.yaml"
    path.write_text(benchmark.news_yaml(50), encoding="utf-8")
    loaded = read_news(path)
    assert loaded.problems == ()
    assert len(loaded.value) == 50
