"""The hand-off to sphinxcontrib-bibtex keeps the shape this site relies on.

publications._hand_papers_to_sphinxcontrib_bibtex fills the cite domain's
cache (``domain.data["bibdata"]``) with the site's paper model so that
sphinxcontrib-bibtex does not parse the ``.bib`` again. That cache and its
re-parse-on-new-mtime rule are not a documented interface, so pyproject.toml
bounds sphinxcontrib-bibtex above; a release that changes either fails here,
by name. Then adapt the hand-off and raise the bound (handbook/publications.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinxcontrib.bibtex.bibfile import BibData, BibFile

from academic_site.papers.bibliography import site_papers
from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots" / "test-export-arxiv"


def test_the_cache_has_the_fields_the_hand_off_writes() -> None:
    assert BibData._fields == ("encoding", "bibfiles", "data")
    assert BibFile._fields == ("mtime", "keys")


def test_sphinxcontrib_bibtex_reads_the_site_model_without_parsing_again(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], no_network: None
) -> None:
    app = build_root(make_app, ROOT, tmp_path / "src")
    domain = app.env.get_domain("cite")
    # Its documented property reads the key the hand-off writes.
    assert domain.bibdata is domain.data["bibdata"]
    # Matching times: it kept the model's data instead of parsing its own.
    assert domain.bibdata.data is site_papers(app.env).data
    assert set(domain.bibdata.bibfiles) == set(dict(site_papers(app.env).keys))
