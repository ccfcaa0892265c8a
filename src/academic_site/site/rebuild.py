"""A rebuild with no change reads and writes nothing: the configuration stays put.

Sphinx compares the configuration it saved with the new one and says "The
configuration has changed" when a value differs; a value that is set while
building differs in every run. Three such values, none set by ``conf.py``:

``html_css_files``, ``html_js_files``
    Sphinx's HTML builder (9.1, ``init_css_files``/``init_js_files``) adds
    ``priority: 800`` to the attributes of each file of ``conf.py`` *in the
    configuration's own dictionaries*, after the comparison; the saved
    configuration has it, the next one does not. The default is written in
    first here, so both have it.
``pygments_dark_style``
    furo registers it in its ``setup()``, which Sphinx runs when it loads the
    theme, after the comparison: the saved configuration has the value, the
    new one does not know it yet. This is Sphinx's behaviour for every theme
    that adds a value (reported upstream as sphinx-doc/sphinx#10061,
    "Configuration options added by themes are not properly loaded", by
    furo's author); the fix here is to load the theme's extension when the
    configuration is read, which Sphinx then does not load again. A builder
    that is not HTML (gettext) would never have loaded the theme: for it,
    the theme's event handlers do nothing.

Files the extension writes itself when a build finishes (the RIS and CSL-JSON
exports, the CV as PDF) are made again only when what they are made from has
changed: an :class:`OutputStamp` in the doctree folder keeps a digest of
those inputs, the configuration and the extension's code. The small files
made anew in every build (the feed, ``llms.txt``, ``robots.txt``, the tidied
sitemap) are written only when their bytes differ (:func:`write_if_changed`),
so a file that did not change keeps its date.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Sphinx's priority of the stylesheets and scripts that ``conf.py`` lists.
CONF_PY_ASSET_PRIORITY = 800
#: Themes known to register configuration values in their ``setup()``.
THEMES_WITH_VALUES = frozenset({"furo"})


def _pin_asset_priorities(app: Sphinx, config: Config) -> None:
    # After Sphinx turns the names into (name, attributes) pairs (priority 800).
    for name in ("html_css_files", "html_js_files"):
        files = getattr(config, name, None) or []
        config[name] = [
            (filename, {"priority": CONF_PY_ASSET_PRIORITY, **attributes})
            for filename, attributes in files
        ]


def _load_theme_extension(app: Sphinx, config: Config) -> None:
    theme = getattr(config, "html_theme", None)
    if theme not in THEMES_WITH_VALUES or theme in app.extensions:
        return
    app.setup_extension(theme)
    # A builder that is not HTML would not have loaded the theme: its
    # handlers (furo refuses any other builder) run for HTML builders only.
    for name, listeners in app.events.listeners.items():
        for listener in list(listeners):
            module = getattr(listener.handler, "__module__", "") or ""
            if module == theme or module.startswith(theme + "."):
                app.disconnect(listener.id)
                app.connect(name, _for_html_only(listener.handler), listener.priority)


def _for_html_only(handler: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(handler)
    def run(app: Sphinx, *args: Any) -> Any:
        if app.builder is not None and app.builder.format != "html":
            return None
        return handler(app, *args)

    return run


#: The extension's own code: a change to it makes every output again.
PACKAGE = Path(__file__).parent.parent
#: Its files that are code (not the bytecode and catalogs Python and Sphinx
#: compile from them, which change without a change of code).
CODE_SUFFIXES = frozenset({".py", ".typ", ".html", ".po"})


def _stable_repr(value: Any) -> str | None:
    """*value* as text that is the same in every run, if it is plain data."""
    if value is None or isinstance(value, str | int | float | bool | Path):
        return repr(value)
    if isinstance(value, list | tuple):
        parts = [_stable_repr(item) for item in value]
        return None if None in parts else f"[{', '.join(parts)}]"  # type: ignore[arg-type]
    if isinstance(value, set | frozenset):
        parts = [_stable_repr(item) for item in value]
        return None if None in parts else f"{{{', '.join(sorted(parts))}}}"  # type: ignore[arg-type]
    if isinstance(value, dict):
        pairs = [(_stable_repr(k), _stable_repr(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in pairs):
            return None
        return "{" + ", ".join(sorted(f"{k}: {v}" for k, v in pairs)) + "}"
    return None  # a function or an object: its repr names an address


def file_state(path: str | Path) -> tuple[str, int, int] | None:
    """A file's path, modification time and size (``None`` if it is missing)."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return (str(path), info.st_mtime_ns, info.st_size)


@dataclass(frozen=True)
class OutputStamp:
    """Whether files written at the end of a build are still what their inputs
    make: a digest of the inputs, every plain configuration value and the
    extension's code, kept in the doctree folder between builds."""

    path: Path
    digest: str

    @classmethod
    def of(cls, app: Sphinx, name: str, inputs: Iterable[Any]) -> OutputStamp:
        config = sorted(
            (item.name, text)
            for item in app.config
            if (text := _stable_repr(item.value)) is not None
        )
        code = sorted(
            state
            for path in PACKAGE.rglob("*")
            if path.suffix in CODE_SUFFIXES and (state := file_state(path))
        )
        text = repr((app.builder.name, app.outdir, list(inputs), config, code))
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(Path(app.doctreedir, f"{name}.stamp"), digest)

    def is_current(self, outputs: Iterable[str | Path] = ()) -> bool:
        """Whether the last build wrote *outputs* from the same inputs (and
        they are still there)."""
        try:
            if self.path.read_text(encoding="utf-8") != self.digest:
                return False
        except OSError:
            return False
        return all(Path(path).is_file() for path in outputs)

    def save(self) -> None:
        """Record that the outputs are now made from these inputs."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.digest, encoding="utf-8")


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write *content* (text as UTF-8) to *path* unless the file holds it
    already; whether it wrote."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def setup_rebuild(app: Sphinx) -> None:
    """Keep the configuration of one run equal to the next one's."""
    app.connect("config-inited", _pin_asset_priorities, priority=850)
    app.connect("config-inited", _load_theme_extension)
