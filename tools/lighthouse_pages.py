"""Lighthouse's four scores on every page of a built site, both presets.

    .venv/bin/python tools/lighthouse_pages.py [OUTDIR] [PAGE ...]

OUTDIR (default ``_build/html``, as ``make site`` leaves it, both editions)
is served gzip-compressed on 127.0.0.1 by ``tests/browser/harness.py``; each
page (default: every ``.html`` file) is run through Lighthouse's mobile and
desktop presets. One tab-separated line per page and preset: the page, the
preset, performance / accessibility / best practices / SEO, and the audits
below 1 in the last three categories. ``make benchmark`` installs Lighthouse
under ``tools/.cache/lighthouse``; ``PRESETS=mobile`` runs one preset only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import harness  # noqa: E402
from tools.benchmark import LIGHTHOUSE_CATEGORIES as CATEGORIES  # noqa: E402
from tools.benchmark import lighthouse_report  # noqa: E402

LIGHTHOUSE = REPO / "tools" / ".cache" / "lighthouse" / "node_modules" / ".bin"


def _below_one(score: float | None) -> bool:
    return score is not None and score < 1


def scores(url: str, preset: str) -> tuple[list[int], list[str]]:
    """The four scores of *url* and the failing audits outside performance."""
    report = lighthouse_report(LIGHTHOUSE / "lighthouse", url, preset)
    categories, audits = report["categories"], report["audits"]
    failing = sorted(
        {
            ref["id"]
            for name in CATEGORIES[1:]
            for ref in categories[name]["auditRefs"]
            if ref.get("weight") and _below_one(audits[ref["id"]]["score"])
        }
    )
    values = [round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES]
    return values, failing


def main() -> None:
    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "_build" / "html"
    pages = sys.argv[2:] or sorted(
        path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html")
    )
    presets = os.environ.get("PRESETS", "mobile desktop").split()
    with harness.serve(outdir) as base:
        for page in pages:
            for preset in presets:
                values, failing = scores(base + page, preset)
                line = " / ".join(map(str, values))
                print(page, preset, line, ",".join(failing), sep="\t", flush=True)


if __name__ == "__main__":
    main()
