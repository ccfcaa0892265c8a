"""The CV PDF joins a reference's punctuation once (issue 21, defects 2 and
the "AH" name): an abbreviated venue keeps its own full stop, Scholar's
undotted initials read as the list reads them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from tests.helpers import build_root
from tests.pdf import Pdf

ROOT = Path(__file__).parent.parent / "roots" / "test-cv"
ABBREVIATED = """
@article{grinko2021abbreviated,
  title   = {A Paper in an Abbreviated Journal},
  author  = {Grinko, AH and Lovelace, Ada},
  journal = {Nat. Commun.},
  year    = {2021},
  status  = {Accepted.},
}
"""


def test_an_abbreviated_venue_ends_with_one_full_stop(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], no_network: None
) -> None:
    bib = (ROOT / "refs.bib").read_text("utf-8") + ABBREVIATED
    app = build_root(make_app, ROOT, tmp_path / "src", {"refs.bib": bib})
    text = Pdf(app.outdir / "cv.pdf").text
    assert "Nat. Commun. Accepted." in text
    assert "Grinko, A. H." in text
    assert not re.search(r"\.\s*\.|,\s*,", text), "doubled punctuation"
