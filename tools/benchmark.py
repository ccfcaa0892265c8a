"""This site against the same pages on plain furo, side by side, in one run.

    .venv/bin/python tools/benchmark.py [--repeat N] [--lighthouse PATH]
                                        [--no-lighthouse]

Builds both in a temporary directory (plain furo as the browser tests make
it: ``tests/browser/plain_furo.py``) and prints, in Markdown:

- build times: cold, a rebuild with no change, a rebuild after one page's
  edit (``sphinx-build`` in a fresh process, as a person runs it);
- per page, what Chromium loads: requests, raw bytes, gzip bytes;
- where Chromium and Lighthouse (``npm install lighthouse@12``) are present,
  Lighthouse's four mobile scores per page.

Nothing here touches the network: the pages are served on 127.0.0.1 and
Chromium's background services are off. Not a test; see ``tests/browser``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import harness  # noqa: E402
from tests.browser.plain_furo import make_plain_furo_docs  # noqa: E402

#: Where ``lighthouse`` may be installed, besides ``PATH``.
LIGHTHOUSE_PLACES = (
    REPO / "node_modules" / ".bin" / "lighthouse",
    REPO / "tools" / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse",
)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: The page edited for the one-page rebuild.
EDITED_PAGE = "cv.md"


@dataclass
class Variant:
    """One of the two sites being compared."""

    label: str
    docs: Path
    out: Path
    times: dict[str, float]


def sphinx_build(docs: Path, out: Path) -> float:
    """Seconds ``sphinx-build -b html`` takes on *docs*, in a fresh process."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=docs.parent)
    return time.perf_counter() - start


def time_builds(variant: Variant, repeat: int) -> None:
    """Cold build, no-change rebuild, one-page-edit rebuild: medians of *repeat*."""
    runs: dict[str, list[float]] = {}
    page = variant.docs / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    for _ in range(repeat):
        shutil.rmtree(variant.out, ignore_errors=True)
        page.write_text(original, encoding="utf-8")
        runs.setdefault("cold build", []).append(
            sphinx_build(variant.docs, variant.out)
        )
        runs.setdefault("no-change rebuild", []).append(
            sphinx_build(variant.docs, variant.out)
        )
        page.write_text(original + "\nEdited for the benchmark.\n", encoding="utf-8")
        runs.setdefault("one-page edit rebuild", []).append(
            sphinx_build(variant.docs, variant.out)
        )
    variant.times = {step: statistics.median(times) for step, times in runs.items()}


def find_lighthouse(given: str | None) -> Path | None:
    """The ``lighthouse`` command to use, or None."""
    if given:
        return Path(given)
    for place in LIGHTHOUSE_PLACES:
        if place.is_file():
            return place
    found = shutil.which("lighthouse")
    return Path(found) if found else None


def lighthouse_scores(lighthouse: Path, url: str) -> dict[str, int]:
    """Lighthouse's mobile scores (0-100) for *url*."""
    command = [
        str(lighthouse),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
        "--chrome-flags=" + " ".join(harness.CHROMIUM_ARGS),
    ]
    environment = {**os.environ, "CHROME_PATH": str(harness.CHROMIUM)}
    run = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=300
    )
    if run.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
    categories = json.loads(run.stdout)["categories"]
    return {
        name: round(100 * (categories[name]["score"] or 0))
        for name in LIGHTHOUSE_CATEGORIES
    }


def kilobytes(count: int) -> str:
    return f"{count / 1000:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", help="path of the lighthouse command")
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="skip the Lighthouse scores"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="builds per timing (the median counts)"
    )
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="benchmark-"))
    try:
        ours_docs = work / "ours" / "docs"
        shutil.copytree(
            REPO / "docs", ours_docs, ignore=shutil.ignore_patterns("_build")
        )
        variants = [
            Variant("this site", ours_docs, work / "ours" / "html", {}),
            Variant(
                "plain furo",
                make_plain_furo_docs(REPO / "docs", work / "plain" / "docs"),
                work / "plain" / "html",
                {},
            ),
        ]
        for variant in variants:
            time_builds(variant, options.repeat)

        print(f"### Build time (seconds, median of {options.repeat})\n")
        print("| | " + " | ".join(v.label for v in variants) + " |")
        print("|---|" + "---:|" * len(variants))
        for step in variants[0].times:
            cells = " | ".join(f"{v.times[step]:.2f}" for v in variants)
            print(f"| {step} | {cells} |")

        pages = sorted(
            p.relative_to(variants[0].out).as_posix()
            for p in variants[0].out.rglob("*.html")
        )
        lighthouse = (
            None if options.no_lighthouse else find_lighthouse(options.lighthouse)
        )
        if lighthouse and not os.access(harness.CHROMIUM, os.X_OK):
            lighthouse = None
        report_pages(variants, pages, lighthouse)
        if lighthouse is None:
            print("\n(Lighthouse scores: no Chromium or lighthouse found.)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report_pages(
    variants: list[Variant], pages: list[str], lighthouse: Path | None
) -> None:
    """Per page weights (and Lighthouse scores), for each variant."""
    from playwright.sync_api import sync_playwright

    weights: dict[str, dict[str, harness.PageLoad]] = {}
    scores: dict[str, dict[str, dict[str, int]]] = {}
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        for variant in variants:
            with harness.serve(variant.out) as base_url:
                context = harness.new_context(browser)
                weights[variant.label] = {}
                scores[variant.label] = {}
                for page in pages:
                    weights[variant.label][page] = harness.load(
                        context, base_url + page
                    )
                    context.pages[-1].close()
                    if lighthouse:
                        scores[variant.label][page] = lighthouse_scores(
                            lighthouse, base_url + page
                        )
                context.close()
        browser.close()

    print(
        "\n### Page weight: requests / raw kB / gzip kB (1 kB = 1000 bytes;"
        f" gzip level {harness.GZIP_LEVEL})\n"
    )
    print("| page | " + " | ".join(v.label for v in variants) + " |")
    print("|---|" + "---:|" * len(variants))
    for page in pages:
        cells = []
        for variant in variants:
            load = weights[variant.label][page]
            cell = f"{load.requests} / {kilobytes(load.raw)} / {kilobytes(load.gzip)}"
            if load.external:
                cell += f" ({len(load.external)} external)"
            cells.append(cell)
        print(f"| {page} | " + " | ".join(cells) + " |")

    if lighthouse:
        print(
            "\n### Lighthouse, mobile: performance / accessibility /"
            " best practices / SEO\n"
        )
        print("| page | " + " | ".join(v.label for v in variants) + " |")
        print("|---|" + "---:|" * len(variants))
        for page in pages:
            cells = [
                " / ".join(str(scores[v.label][page][c]) for c in LIGHTHOUSE_CATEGORIES)
                for v in variants
            ]
            print(f"| {page} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
