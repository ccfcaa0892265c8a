"""Catalogs whose page is gone, for ``make translations``: moved, never lost.

    .venv/bin/python tools/move_catalogs.py POT_DIR LOCALE_DIR/LANG/LC_MESSAGES

A page's catalog (``teaching.po``) has no template (``teaching.pot``) once the
page is renamed or removed. When a page without translations (its catalog
just made empty by sphinx-intl) shares messages with it, the page was
renamed: the old catalog is merged into the new page's template and takes its
name, so every translation that still applies is kept. Any other catalog with
translated messages is kept where it is and named; only a catalog with no
translated message is removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _translated(catalog: Catalog) -> set[str]:
    return {m.id for m in catalog if m.id and m.string and not m.fuzzy}


def move_catalogs(pot_dir: Path, po_dir: Path) -> list[str]:
    """Move, keep or remove each catalog of *po_dir* without a template in
    *pot_dir*; return one line per catalog saying which."""
    templates = {pot.stem: _read(pot) for pot in sorted(pot_dir.glob("*.pot"))}
    orphans = [po for po in sorted(po_dir.glob("*.po")) if po.stem not in templates]
    lines = []
    for orphan in orphans:
        old = _read(orphan)
        translated = _translated(old)
        if not translated:
            orphan.unlink()
            lines.append(f"Remove {orphan} (its page is gone; nothing was translated)")
            continue
        # The renamed page: an untranslated catalog sharing the most messages.
        candidates = []
        for name, template in templates.items():
            target = po_dir / f"{name}.po"
            if target.exists() and _translated(_read(target)):
                continue
            shared = len(translated & {m.id for m in template if m.id})
            if shared:
                candidates.append((shared, name))
        if not candidates:
            lines.append(
                f"Keep {orphan}: its page is gone, but it holds {len(translated)} "
                "translated messages (move it to the page's new name, or delete it)"
            )
            continue
        _, name = max(candidates)
        target = po_dir / f"{name}.po"
        old.update(templates[name])
        with target.open("wb") as file:
            write_po(file, old, width=0)
        orphan.unlink()
        lines.append(f"Move {orphan} to {target} (its page was renamed)")
    return lines


def main(argv: list[str] | None = None) -> int:
    pot_dir, po_dir = (Path(arg) for arg in (argv or sys.argv[1:]))
    for line in move_catalogs(pot_dir, po_dir):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
