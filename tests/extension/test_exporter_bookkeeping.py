"""Exporter bookkeeping and blocks never reach a visitor (issue 21, 3 and 7).

The BibDesk root (tests/roots/test-export-bibdesk) has both: an
``@bibdesk_info`` block, which is no paper, and ``date-added``/``date-modified``
on every entry. The root builds under -W with test_exporters.py; here its
pages and exports are read for what must not be there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from academic_site.papers.bibliography import (
    EXPORTER_BOOKKEEPING,
    is_hidden_bibtex_field,
)

ROOT = Path(__file__).parent.parent / "roots" / "test-export-bibdesk"


def test_every_exporters_bookkeeping_field_is_hidden() -> None:
    for name in ("date-added", "Date-Modified", "bdsk-file-1", "bdsk-url-12"):
        assert is_hidden_bibtex_field(name)
    for name in ("owner", "timestamp", "mendeley-tags", "groups"):
        assert is_hidden_bibtex_field(name)
    for name in ("title", "url", "note", "number", "date"):
        assert not is_hidden_bibtex_field(name)
    assert not EXPORTER_BOOKKEEPING.fullmatch("bdsk-file")


def test_a_bibdesk_file_shows_no_block_and_no_bookkeeping(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, no_network: None
) -> None:
    srcdir = tmp_path / ROOT.name
    shutil.copytree(ROOT, srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    shown = [
        path.read_text("utf-8")
        for path in app.outdir.rglob("*")
        if path.suffix in {".html", ".ris", ".json", ".txt", ".xml", ".bib"}
    ]
    assert shown
    for text in shown:
        for word in ("document_info", "date-added", "date-modified", "Sort Descriptor"):
            assert word not in text
