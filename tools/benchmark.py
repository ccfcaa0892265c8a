"""This site against plain furo + sphinxcontrib-bibtex, side by side, in one run.

    .venv/bin/python tools/benchmark.py [--scale "6 200 800"] [--repeat 3]
        [--news "1000 4000"] [--addons PATH/readthedocs-addons.js]
        [--pages "index.html …" | all]
        [--lighthouse PATH] [--no-lighthouse]

(``make benchmark SCALE="6 200 800" REPEAT=3 ADDONS=…`` passes these on.)
Everything is built in a temporary directory and printed as Markdown:

1. **Scale.** The real ``docs/`` as they are, then for each N of
   ``--scale`` the real site's ``docs/`` with ``publications.bib`` replaced
   by N real-shaped made-up papers (``tools/benchdata.py``), each against a
   minimal furo + sphinxcontrib-bibtex project listing the same ``.bib``
   (``.. bibliography::`` with ``:all:``). For each: a cold build, a rebuild
   with no change, a rebuild after one entry of the ``.bib`` is edited, and
   the peak RSS of the ``sphinx-build`` process; medians of ``--repeat``
   runs, the two variants alternating, and the ratio. With ``--news``, the
   real ``docs/`` with N made-up news items, for each N: a cold build's
   wall and CPU time (the CPU time, user + system, is what a loaded
   machine does not inflate), to show the work grows linearly.
2. **Page weight.** Every page of the real site against the same pages on
   plain furo (``tests/browser/plain_furo.py``): requests, raw and gzip
   bytes, as Chromium loads them.
3. **As served.** The pages of ``--pages`` served as GitHub Pages serves
   them (static files, gzip) and, with ``--addons``, as Read the Docs serves
   them (its Addons bundle injected, ``tools/benchserve.py``): requests, raw,
   gzip and Lighthouse's four scores on its mobile and desktop presets
   (``npm install lighthouse@12``; Chromium from Debian).

Nothing here touches the network: pages are served on 127.0.0.1, requests
leaving it are refused, and Chromium's background services are off. Not a
test (timings are never asserted); see ``tests/tools/test_benchmark.py``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import harness  # noqa: E402
from tests.browser.plain_furo import make_plain_furo_docs  # noqa: E402
from tools.benchdata import edit_one_entry, generate_bib  # noqa: E402
from tools.benchserve import serve_as_read_the_docs  # noqa: E402

#: Where ``lighthouse`` may be installed, besides ``PATH``.
LIGHTHOUSE_PLACES = (
    REPO / "node_modules" / ".bin" / "lighthouse",
    REPO / "tools" / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse",
)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Lighthouse's two presets: its default (a mid-range phone) and ``desktop``.
LIGHTHOUSE_PRESETS = ("mobile", "desktop")
#: The ``.bib`` both variants read, in their ``docs/``.
BIB_NAME = "publications.bib"
#: The pages measured as served, unless ``--pages`` says otherwise.
SERVED_PAGES = ("index.html", "publications.html")
#: The build steps timed, in order.
STEPS = ("cold build", "no-change rebuild", "one-.bib-edit rebuild")
#: A cold build of this site with its CV PDF turned off: the PDF's share of
#: the peak RSS (plain furo makes no PDF).
WITHOUT_PDF = "cold build without the CV PDF"
#: What turns the PDF off (conf.py's homepage_cv_pdf, emptied).
WITHOUT_PDF_OPTIONS = ("-D", "homepage_cv_pdf=")

#: A minimal furo + sphinxcontrib-bibtex project: the yardstick at scale.
PLAIN_CONF = f"""\
project = "Publications"
extensions = ["sphinxcontrib.bibtex"]
bibtex_bibfiles = ["{BIB_NAME}"]
html_theme = "furo"
"""
PLAIN_INDEX = """\
Publications
============

.. bibliography::
   :all:
"""

_ENVIRONMENT_UPDATE = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


@dataclass(frozen=True)
class BuildRun:
    """One ``sphinx-build`` process: what it took and what it did."""

    seconds: float
    #: Peak resident set size of the process, in bytes.
    max_rss: int
    #: Source documents read (added or changed), as Sphinx reports them.
    read: int
    #: HTML files written (new or rewritten) in the output directory.
    written: int
    #: Lines of the build's warnings (must be empty for a fair comparison).
    warnings: tuple[str, ...] = ()
    #: CPU time of the process and the children it waited for (user + system).
    cpu_seconds: float = 0.0


def _html_mtimes(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in out.rglob("*.html")}


def sphinx_build(docs: Path, out: Path, options: Iterable[str] = ()) -> BuildRun:
    """Run ``sphinx-build -b html [options] docs out`` in a fresh process and
    measure it.

    Timed from start to exit (a person's wait, interpreter start included);
    the peak RSS is from ``os.wait4``: the larger of the process's and of the
    children it waited for (the CV PDF's forked child, which counts the pages
    it shares with the build).
    """
    before = _html_mtimes(out) if out.exists() else {}
    command = [sys.executable, "-m", "sphinx", "-b", "html", *options]
    command += [str(docs), str(out)]
    # Output goes to files, not pipes: nothing to drain while the build runs,
    # so the process can be reaped with wait4, which gives its own peak RSS.
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=docs.parent,
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, "NO_COLOR": "1"},
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise RuntimeError(f"sphinx-build failed on {docs}:\n{errors[-3000:]}")
    after = _html_mtimes(out)
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    update = _ENVIRONMENT_UPDATE.search(output)
    read = int(update.group(1)) + int(update.group(2)) if update else 0
    warnings = tuple(
        line for line in errors.splitlines() if "WARNING" in line or "ERROR" in line
    )
    # ru_maxrss is in kilobytes on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return BuildRun(seconds, usage.ru_maxrss * 1024, read, written, warnings, cpu)


@dataclass
class Variant:
    """One project being built: its sources, its output, its runs."""

    label: str
    docs: Path
    out: Path
    runs: dict[str, list[BuildRun]] = field(default_factory=dict)
    #: Whether it makes a CV PDF (this site), measured once more without it.
    has_pdf: bool = False

    @property
    def bib(self) -> Path:
        return self.docs / BIB_NAME

    def median(self, step: str) -> float:
        return statistics.median(run.seconds for run in self.runs[step])

    def peak_rss(self, steps: Iterable[str] = STEPS) -> int:
        return max(run.max_rss for step in steps for run in self.runs[step])

    def warnings(self) -> list[str]:
        return sorted(
            {w for runs in self.runs.values() for run in runs for w in run.warnings}
        )


def make_site_docs(bib_text: str | None, target: Path) -> Path:
    """A copy of the real ``docs/`` at *target*, with *bib_text* as its ``.bib``."""
    shutil.copytree(REPO / "docs", target, ignore=shutil.ignore_patterns("_build"))
    if bib_text is not None:
        (target / BIB_NAME).write_text(bib_text, encoding="utf-8")
    return target


def news_yaml(count: int) -> str:
    """*count* made-up news items, newest first (a day apart), as
    ``news.yaml`` holds them: emphasis and a link each, as real items have."""
    last = datetime.date(2020, 1, 1)
    return "".join(
        f'- date: "{last - datetime.timedelta(days=number)}"\n'
        f"  text: Item {number}, *accepted* at "
        f"[a venue](https://example.org/{number}).\n"
        for number in range(count)
    )


def news_table(counts: list[int], work: Path, repeat: int) -> list[str]:
    """The news scale table, as Markdown lines: the real ``docs/`` with N
    news items, a cold build each (medians of *repeat*)."""
    lines = [
        "| news items | cold build, s | CPU, s | CPU per 1,000 items, s |",
        "|---:|---:|---:|---:|",
    ]
    for count in counts:
        docs = make_site_docs(None, work / f"news{count}" / "docs")
        (docs / "data" / "news.yaml").write_text(news_yaml(count), encoding="utf-8")
        runs = []
        for round_ in range(repeat):
            progress(f"{count} news items, run {round_ + 1}")
            out = work / f"news{count}" / "html"
            shutil.rmtree(out, ignore_errors=True)
            runs.append(sphinx_build(docs, out))
        wall = statistics.median(run.seconds for run in runs)
        cpu = statistics.median(run.cpu_seconds for run in runs)
        lines.append(
            f"| {count:,} | {wall:.1f} | {cpu:.1f} | {1000 * cpu / count:.2f} |"
        )
    return lines


def make_plain_docs(bib_text: str, target: Path) -> Path:
    """A minimal furo + sphinxcontrib-bibtex project at *target* listing *bib_text*."""
    target.mkdir(parents=True)
    (target / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    (target / "index.rst").write_text(PLAIN_INDEX, encoding="utf-8")
    (target / BIB_NAME).write_text(bib_text, encoding="utf-8")
    return target


def time_builds(variants: list[Variant], repeat: int) -> None:
    """Cold, no-change and one-``.bib``-edit builds of each variant, *repeat*
    times, alternating variants so that both see the same machine load."""
    originals = {v.label: v.bib.read_text(encoding="utf-8") for v in variants}
    for round_ in range(repeat):
        for variant in variants:
            progress(
                f"{variant.docs.parent.parent.name}, {variant.label}, run {round_ + 1}"
            )
            original = originals[variant.label]
            shutil.rmtree(variant.out, ignore_errors=True)
            variant.bib.write_text(original, encoding="utf-8")
            cold = sphinx_build(variant.docs, variant.out)
            unchanged = sphinx_build(variant.docs, variant.out)
            variant.bib.write_text(edit_one_entry(original), encoding="utf-8")
            edited = sphinx_build(variant.docs, variant.out)
            for step, run in zip(STEPS, (cold, unchanged, edited), strict=True):
                variant.runs.setdefault(step, []).append(run)
            if variant.has_pdf:
                variant.bib.write_text(original, encoding="utf-8")
                out = variant.out.with_name(variant.out.name + "-without-pdf")
                shutil.rmtree(out, ignore_errors=True)
                run = sphinx_build(variant.docs, out, WITHOUT_PDF_OPTIONS)
                variant.runs.setdefault(WITHOUT_PDF, []).append(run)
    for variant in variants:
        variant.bib.write_text(originals[variant.label], encoding="utf-8")


def progress(message: str) -> None:
    """Where the benchmark is, on stderr (the tables go to stdout)."""
    print(f"benchmark: {message}", file=sys.stderr, flush=True)


def count_entries(bib_text: str) -> tuple[int, int]:
    """(papers, all entries) of *bib_text*: entries other than @proceedings."""
    kinds = [
        kind.lower()
        for kind in re.findall(r"^\s*@\s*(\w+)\s*[{(]", bib_text, flags=re.MULTILINE)
        if kind.lower() not in {"string", "comment", "preamble"}
    ]
    return sum(1 for kind in kinds if kind != "proceedings"), len(kinds)


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "-"


def megabytes(count: int) -> str:
    return f"{count / 1e6:.0f}"


def kilobytes(count: int) -> str:
    return f"{count / 1000:.1f}"


def scale_table(rows: list[tuple[str, Variant, Variant]]) -> list[str]:
    """The scale table, as Markdown lines."""
    ours_label, plain_label = rows[0][1].label, rows[0][2].label
    lines = [
        f"| .bib | | {ours_label} | {plain_label} | ratio |",
        "|---|---|---:|---:|---:|",
    ]
    for name, ours, plain in rows:
        cells: list[tuple[str, str, str, str]] = []
        for step in STEPS:
            a, b = ours.median(step), plain.median(step)
            cells.append((f"{step}, s", f"{a:.2f}", f"{b:.2f}", ratio(a, b)))
        a = ours.median(STEPS[1]) / ours.median(STEPS[0])
        b = plain.median(STEPS[1]) / plain.median(STEPS[0])
        cells.append(("no-change ÷ cold", f"{a:.2f}", f"{b:.2f}", ""))
        a, b = ours.peak_rss(), plain.peak_rss()
        cells.append(("peak RSS, MB", megabytes(a), megabytes(b), ratio(a, b)))
        if WITHOUT_PDF in ours.runs:
            a = ours.peak_rss([WITHOUT_PDF])
            what = "peak RSS without the CV PDF, MB"
            cells.append((what, megabytes(a), megabytes(b), ratio(a, b)))
        for step in STEPS[1:]:
            last = ours.runs[step][-1], plain.runs[step][-1]
            cells.append(
                (
                    f"{step}: docs read / pages written",
                    f"{last[0].read} / {last[0].written}",
                    f"{last[1].read} / {last[1].written}",
                    "",
                )
            )
        for index, (what, a_cell, b_cell, r) in enumerate(cells):
            lines.append(
                f"| {name if index == 0 else ''} | {what} | {a_cell} | {b_cell} | {r} |"
            )
    return lines


def find_lighthouse(given: str | None) -> Path | None:
    """The ``lighthouse`` command to use, or None."""
    if given:
        return Path(given)
    for place in LIGHTHOUSE_PLACES:
        if place.is_file():
            return place
    found = shutil.which("lighthouse")
    return Path(found) if found else None


@dataclass(frozen=True)
class LighthouseResult:
    """Lighthouse's four scores (0-100) and the total blocking time."""

    scores: dict[str, int]
    blocking_ms: float

    def cell(self) -> str:
        scores = " / ".join(str(self.scores[c]) for c in LIGHTHOUSE_CATEGORIES)
        return f"{scores} (TBT {self.blocking_ms:.0f} ms)"


def lighthouse_report(lighthouse: Path, url: str, preset: str) -> dict[str, Any]:
    """Lighthouse's JSON report on *url* with *preset* (``mobile``, its
    default, or ``desktop``), in its four categories, on the harness's Chromium."""
    command = [
        str(lighthouse),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
        "--chrome-flags=" + " ".join(harness.CHROMIUM_ARGS),
    ]
    if preset != "mobile":
        command.append(f"--preset={preset}")
    environment = {**os.environ, "CHROME_PATH": str(harness.CHROMIUM)}
    run = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=300
    )
    if run.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def lighthouse_run(lighthouse: Path, url: str, preset: str) -> LighthouseResult:
    """Lighthouse's scores and total blocking time on *url* with *preset*."""
    report = lighthouse_report(lighthouse, url, preset)
    categories = report["categories"]
    return LighthouseResult(
        {
            name: round(100 * (categories[name]["score"] or 0))
            for name in LIGHTHOUSE_CATEGORIES
        },
        report["audits"]["total-blocking-time"]["numericValue"],
    )


def page_weights(
    browser: object, base_url: str, pages: list[str]
) -> dict[str, harness.PageLoad]:
    """What Chromium loads for each page of *pages* under *base_url*."""
    context = harness.new_context(browser)  # type: ignore[arg-type]
    loads = {}
    for page in pages:
        loads[page] = harness.load(context, base_url + page)
        context.pages[-1].close()
    context.close()
    return loads


def weight_cell(load: harness.PageLoad) -> str:
    cell = f"{load.requests} / {kilobytes(load.raw)} / {kilobytes(load.gzip)}"
    if load.external:
        cell += f" ({len(load.external)} external, refused)"
    if load.console_errors or load.failed:
        cell += f" ({len(load.console_errors) + len(load.failed)} errors)"
    return cell


def report_weights(
    ours: Path, plain: Path, pages: list[str], browser: object
) -> list[str]:
    """Per page: requests / raw kB / gzip kB on this site and on plain furo."""
    with harness.serve(ours) as base_url:
        ours_loads = page_weights(browser, base_url, pages)
    with harness.serve(plain) as base_url:
        plain_loads = page_weights(browser, base_url, pages)
    lines = ["| page | this site | plain furo |", "|---|---:|---:|"]
    for page in pages:
        lines.append(
            f"| {page} | {weight_cell(ours_loads[page])}"
            f" | {weight_cell(plain_loads[page])} |"
        )
    return lines


def report_served(
    site: Path,
    pages: list[str],
    addons: Path | None,
    lighthouse: Path | None,
    browser: object,
) -> list[str]:
    """Per page and host: weight and Lighthouse scores, as each host serves it."""
    hosts = [("as on Pages", lambda: harness.serve(site))]
    if addons is not None:
        hosts.append(
            ("as on Read the Docs", lambda: serve_as_read_the_docs(site, addons))
        )
    results: dict[tuple[str, str], tuple[harness.PageLoad, list[str]]] = {}
    for host, serve in hosts:
        with serve() as base_url:
            loads = page_weights(browser, base_url, pages)
            for page in pages:
                progress(f"Lighthouse, {page} {host}")
                scores = (
                    [
                        lighthouse_run(lighthouse, base_url + page, preset).cell()
                        for preset in LIGHTHOUSE_PRESETS
                    ]
                    if lighthouse
                    else ["-"] * len(LIGHTHOUSE_PRESETS)
                )
                results[page, host] = (loads[page], scores)
    lines = [
        "| page | served | requests | raw kB | gzip kB | "
        + " | ".join(f"Lighthouse {preset}" for preset in LIGHTHOUSE_PRESETS)
        + " |",
        "|---|---|---:|---:|---:|" + "---|" * len(LIGHTHOUSE_PRESETS),
    ]
    for page in pages:
        for host, _ in hosts:
            load, scores = results[page, host]
            notes = ""
            if load.external or load.console_errors or load.failed:
                notes = (
                    f" ({len(load.external)} external refused,"
                    f" {len(load.console_errors) + len(load.failed)} errors)"
                )
            lines.append(
                f"| {page} | {host} | {load.requests}{notes} | {kilobytes(load.raw)}"
                f" | {kilobytes(load.gzip)} | " + " | ".join(scores) + " |"
            )
    return lines


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def versions() -> str:
    names = ("sphinx", "furo", "sphinxcontrib-bibtex", "pybtex", "myst-parser")
    return ", ".join(f"{n} {importlib.metadata.version(n)}" for n in names)


def parse_scale(text: str) -> list[int]:
    """``"6 200 800"`` (spaces or commas) as ``[6, 200, 800]``."""
    sizes = [int(part) for part in re.split(r"[\s,]+", text.strip()) if part]
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("every N must be at least 1")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        type=parse_scale,
        default=[6, 200, 800],
        help='the Ns of the scale table, e.g. "6 200 800"',
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per timing (the median counts)"
    )
    parser.add_argument(
        "--news",
        type=parse_scale,
        default=[],
        help='the Ns of news items of the news scale table, e.g. "1000 4000"',
    )
    parser.add_argument(
        "--addons",
        type=Path,
        help="readthedocs-addons.js, to serve the site as Read the Docs does",
    )
    parser.add_argument(
        "--pages",
        default=" ".join(SERVED_PAGES),
        help='the pages measured as served ("all" for every page)',
    )
    parser.add_argument("--lighthouse", help="path of the lighthouse command")
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="skip the Lighthouse scores"
    )
    parser.add_argument(
        "--command",
        default="python tools/benchmark.py",
        help="the command to name in the heading (make benchmark passes its own)",
    )
    options = parser.parse_args()
    if options.addons is not None and not options.addons.is_file():
        parser.error(f"--addons: no such file: {options.addons}")

    started = time.perf_counter()
    # The output is handbook/benchmark.md as it is: it says what made it.
    print("# Benchmark: the last run\n")
    print(
        f"Written by `{options.command}` (tools/benchmark.py); not edited by "
        "hand. What the figures mean: [performance.md](performance.md).\n"
    )
    print(f"Load average at the start (1, 5, 15 min): {load_average()};")
    print(f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; {versions()}.\n")

    # The project's own modules as a host runs them: Read the Docs installs the
    # package (pip compiles it), a user's Python caches bytecode on first
    # import. With PYTHONDONTWRITEBYTECODE set (this workplace sets it) an
    # editable install would compile every module anew in every build, 0.06 s
    # that no host pays and the plain project, all installed, never does.
    compileall.compile_dir(REPO / "src" / "academic_site", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="benchmark-"))
    try:
        rows = []
        real_bib = (REPO / "docs" / BIB_NAME).read_text(encoding="utf-8")
        sources: list[tuple[str, str | None, str]] = [("docs/", None, real_bib)]
        sources += [(str(n), generate_bib(n), generate_bib(n)) for n in options.scale]
        for name, site_bib, bib in sources:
            papers, entries = count_entries(bib)
            slug = "real" if site_bib is None else f"n{papers}"
            ours = Variant(
                "this site",
                make_site_docs(site_bib, work / slug / "ours" / "docs"),
                work / slug / "ours" / "html",
                has_pdf=True,
            )
            plain = Variant(
                "plain furo + sphinxcontrib-bibtex",
                make_plain_docs(bib, work / slug / "plain" / "docs"),
                work / slug / "plain" / "html",
            )
            time_builds([ours, plain], options.repeat)
            label = f"{papers} papers ({entries} entries)"
            rows.append(
                (f"{name}: {label}" if site_bib is None else label, ours, plain)
            )

        print(
            f"## Scale: build time (median of {options.repeat}) and peak RSS,"
            " this site against a minimal furo + sphinxcontrib-bibtex project"
            " on the same .bib\n"
        )
        print("\n".join(scale_table(rows)))
        for name, *variants in rows:
            for variant in variants:
                found = variant.warnings()
                if found:
                    print(
                        f"\n{variant.label}, {name}: {len(found)} warnings,"
                        f" e.g. {found[0]}"
                    )

        if options.news:
            print(
                f"\n## Scale: news items (median of {options.repeat}), the real"
                " docs/ with N made-up items\n"
            )
            print("\n".join(news_table(options.news, work, options.repeat)))

        # The real site, built clean once more, for its pages.
        site_out = work / "served" / "ours"
        sphinx_build(rows[0][1].docs, site_out)
        plain_furo = make_plain_furo_docs(REPO / "docs", work / "served" / "furo-docs")
        plain_out = work / "served" / "furo"
        sphinx_build(plain_furo, plain_out)
        all_pages = sorted(
            p.relative_to(site_out).as_posix() for p in site_out.rglob("*.html")
        )
        served_pages = (
            all_pages if options.pages.strip() == "all" else options.pages.split()
        )
        lighthouse = (
            None if options.no_lighthouse else find_lighthouse(options.lighthouse)
        )
        if lighthouse and not os.access(harness.CHROMIUM, os.X_OK):
            lighthouse = None

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = harness.launch(playwright)
            weights = report_weights(site_out, plain_out, all_pages, browser)
            served = report_served(
                site_out, served_pages, options.addons, lighthouse, browser
            )
            browser.close()

        print(
            "\n## Page weight: requests / raw kB / gzip kB (1 kB = 1000 bytes;"
            f" gzip level {harness.GZIP_LEVEL}), this site against the same"
            " pages on plain furo\n"
        )
        print("\n".join(weights))
        print(
            "\n## As served: GitHub Pages and Read the Docs (Lighthouse:"
            " performance / accessibility / best practices / SEO)\n"
        )
        print("\n".join(served))
        if options.addons is None:
            print(
                "\n(As on Read the Docs: not measured; give the Addons bundle:"
                " make benchmark ADDONS=path/to/readthedocs-addons.js)"
            )
        if lighthouse is None:
            print("\n(Lighthouse scores: skipped, or no Chromium or lighthouse found.)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    minutes = (time.perf_counter() - started) / 60
    print(
        f"\nLoad average at the end: {load_average()}; the benchmark took"
        f" {minutes:.1f} min."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
