"""The upstream internals the extension relies on, checked where they live.

Each is not a documented interface, so pyproject.toml bounds its package
above; a new release that changes one fails here, by name, before a page
breaks. Then adapt the module named in the message and raise the bound.
(sphinxcontrib-bibtex's cache is checked with the bibliography model.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pylatexenc import latex2text, latexwalker, macrospec
from sphinx.testing.util import SphinxTestApp

from academic_site.outputs import sitemap
from academic_site.papers import latex
from academic_site.site import rebuild
from tests.helpers import build_root

ROOT = Path(__file__).parent.parent / "roots"


def test_sphinx_events_keep_listeners_that_furo_registers(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], no_network: None
) -> None:
    # academic_site.site.rebuild re-registers furo's handlers for HTML builders
    # only, through Sphinx's EventManager.listeners (sphinx<10) and the
    # module of furo's handlers (furo<2027).
    app = build_root(make_app, ROOT / "test-assets", tmp_path / "src")
    furo_handlers = [
        listener
        for listeners in app.events.listeners.values()
        for listener in listeners
        if getattr(listener.handler, "__module__", "").startswith("furo")
    ]
    assert furo_handlers, "furo registers no handler Sphinx lists: see rebuild.py"
    for listener in furo_handlers:
        assert {"id", "handler", "priority"} <= set(dir(listener)), (
            "Sphinx's EventListener changed: see rebuild._load_theme_extension"
        )
        assert listener.handler.__code__ is rebuild._for_html_only(len).__code__, (
            f"furo's {listener.handler.__name__} is not wrapped for HTML only"
        )


def test_sphinx_sitemap_queues_pairs_of_link_and_date(
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
    monkeypatch: pytest.MonkeyPatch,
    no_network: None,
) -> None:
    # academic_site.outputs.sitemap reads and refills app.sitemap_links (<3).
    drained: list[object] = []
    drain = sitemap._drain

    def recording(links: object) -> list:
        items = drain(links)
        drained.extend(items)
        return items

    monkeypatch.setattr(sitemap, "_drain", recording)
    build_root(make_app, ROOT / "test-discoverability", tmp_path / "src")
    assert drained, "sphinx-sitemap queued no page: see sitemap.py"
    for item in drained:
        message = f"sphinx-sitemap queues {item!r}, not (link, date): see sitemap.py"
        assert isinstance(item, tuple), message
        assert len(item) == 2, message
        assert isinstance(item[0], str), message


def test_pylatexenc_walker_takes_the_extension_commands() -> None:
    # academic_site.papers.latex builds on pylatexenc 2's walker context (<3).
    assert isinstance(latex._WALKER_CONTEXT, macrospec.LatexContextDb)
    walker = latexwalker.LatexWalker(r"\emph{x}", latex_context=latex._WALKER_CONTEXT)
    nodes, _, _ = walker.get_latex_nodes()
    assert latex2text.LatexNodes2Text().nodelist_to_text(nodes) == "x"
