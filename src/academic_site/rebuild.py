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
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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


def setup_rebuild(app: Sphinx) -> None:
    """Keep the configuration of one run equal to the next one's."""
    app.connect("config-inited", _pin_asset_priorities, priority=850)
    app.connect("config-inited", _load_theme_extension)
