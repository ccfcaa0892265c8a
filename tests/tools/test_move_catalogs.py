"""``make translations`` moves a renamed page's catalog and never deletes
translated messages (tools/move_catalogs.py), on the site's own catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from tools.move_catalogs import move_catalogs

from tests.conftest import DOCS

CATALOGS = DOCS / "locales" / "zh_CN" / "LC_MESSAGES"


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _translated(path: Path) -> dict[str, str]:
    return {m.id: m.string for m in _read(path) if m.id and m.string and not m.fuzzy}


def _template_of(po: Path, pot: Path) -> None:
    """The template sphinx-intl would have made the catalog from."""
    template = Catalog()
    for message in _read(po):
        if message.id:
            template.add(message.id, context=message.context)
    with pot.open("wb") as file:
        write_po(file, template)


def _a_translated_page() -> Path:
    pages = [po for po in sorted(CATALOGS.glob("*.po")) if _translated(po)]
    assert pages, "the site has no translated page catalog"
    return pages[0]


def test_a_renamed_page_keeps_its_translations(tmp_path: Path) -> None:
    page = _a_translated_page()
    pots, catalogs = tmp_path / "pot", tmp_path / "po"
    pots.mkdir()
    shutil.copytree(CATALOGS, catalogs, ignore=shutil.ignore_patterns("*.mo"))
    for po in catalogs.glob("*.po"):
        if po.stem != page.stem:
            _template_of(po, pots / f"{po.stem}.pot")
    renamed = f"{page.stem}-renamed"
    _template_of(page, pots / f"{renamed}.pot")
    # sphinx-intl update has made the new page's catalog, empty.
    with (catalogs / f"{renamed}.po").open("wb") as file:
        write_po(file, _read(pots / f"{renamed}.pot"))

    lines = move_catalogs(pots, catalogs)

    assert lines == [
        f"Move {catalogs / page.name} to {catalogs / renamed}.po (its page was renamed)"
    ]
    assert not (catalogs / page.name).exists()
    assert _translated(catalogs / f"{renamed}.po") == _translated(page)


def test_a_page_that_is_gone_keeps_its_translated_catalog(tmp_path: Path) -> None:
    page = _a_translated_page()
    pots, catalogs = tmp_path / "pot", tmp_path / "po"
    pots.mkdir()
    catalogs.mkdir()
    shutil.copy(page, catalogs / page.name)

    [line] = move_catalogs(pots, catalogs)

    assert line.startswith(f"Keep {catalogs / page.name}: its page is gone")
    assert _translated(catalogs / page.name) == _translated(page)
