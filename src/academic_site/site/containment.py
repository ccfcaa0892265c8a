"""Nothing outside the source folder is ever published.

A page (or a translation of it) may name a file to publish: a
``{download}`` role or an image. Each such path is resolved, symlinks too,
and must lie inside the source folder; a served SVG must not be able to run
script. Any other file is one warning at the page's line, and the node is
shown as its text, so the file is neither copied nor linked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from academic_site.site.datafile import WARNING_TYPE
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SUBTYPE = Subtype.FILES

#: What makes an SVG able to run script or fetch from elsewhere when opened.
_ACTIVE_SVG = re.compile(
    rb"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:"
    rb"|(?:href|src)\s*=\s*[\"']?\s*(?:https?:)?//|@import|<!ENTITY",
    re.IGNORECASE,
)


def is_inside(path: Path, root: Path) -> bool:
    """Whether *path*, resolved (symlinks too), lies inside *root*."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def refusal(path: Path, root: Path) -> str | None:
    """Why the file at *path* may not be published from *root*, or ``None``."""
    if not is_inside(path, root):
        return f"{str(path)!r} is outside the source folder"
    return active_svg(path)


def active_svg(path: Path) -> str | None:
    """Why the file at *path*, if an SVG, may not be served (it can run
    script or load from elsewhere when opened), or ``None``."""
    if path.suffix.lower() in {".svg", ".svgz"}:
        try:
            data = path.read_bytes()
        except OSError:
            return None  # (missing: the caller's own warning)
        if path.suffix.lower() == ".svgz" or _ACTIVE_SVG.search(data):
            return f"the SVG {path.name!r} can run script or load from elsewhere"
    return None


class RefuseOutsideFiles(SphinxTransform):
    """Show as text each download and image whose file may not be published."""

    default_priority = 870  # before DoctreeReadEvent (880): the collectors copy files

    def apply(self, **kwargs: Any) -> None:
        root = Path(self.env.srcdir)
        docname = self.env.current_document.docname
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if "://" in target:
                continue
            if target.lower().startswith(("javascript:", "data:", "vbscript:")):
                self._refuse(node, f"the download target {target!r} is a script")
                continue
            _, path = self.env.relfn2path(target, docname)
            if reason := refusal(Path(path), root):
                self._refuse(node, reason)
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if "://" in uri or uri.startswith("data:"):
                continue
            _, path = self.env.relfn2path(uri, docname)
            if reason := refusal(Path(path), root):
                self._refuse(node, reason)

    def _refuse(self, node: nodes.Element, reason: str) -> None:
        logger.warning(
            "%s: not published (shown as text)",
            reason,
            type=WARNING_TYPE,
            subtype=SUBTYPE,
            location=node,
        )
        node.replace_self(nodes.Text(node.astext() or node.get("alt", "")))


def setup_containment(app: Sphinx) -> None:
    """Register the check of the files pages publish."""
    app.add_transform(RefuseOutsideFiles)
