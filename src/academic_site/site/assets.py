"""Each page loads only the stylesheets and scripts it uses.

Sphinx and furo link every asset from every page. Most of them serve
something a given page of this site does not have, and each costs the reader
a request and bytes:

- ``pygments.css`` colours highlighted code: only pages with code need it;
- ``sphinx_highlight.js`` marks the search terms: only the search page needs
  it (its search script reads the flag the file sets);
- ``documentation_options.js`` and ``doctools.js`` run the keyboard shortcuts
  (``navigation_with_keys``, ``enable_search_shortcuts``) and the search page's
  messages: other pages need them only while a shortcut is enabled, and
  ``translations.js`` feeds ``doctools.js``, so it goes with it;
- ``styles/furo-extensions.css`` styles other extensions' markup (sphinx-design,
  sphinx-copybutton, sphinx-tabs...) and Read the Docs' old injected version
  menu and ad: needed only when one of those is in the build.

The choice is made per page in ``html-page-context``, on the lists Sphinx
hands the template (``css_files``, ``script_files``), so the theme renders the
tags as usual; nothing rewrites the HTML afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from academic_site.site.config import homepage_config

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

#: Stylesheets of Pygments' highlighting.
PYGMENTS_CSS = frozenset({"_static/pygments.css", "_static/pygments_dark.css"})
#: The script that marks search terms; the search page's script reads its flag.
SEARCH_SCRIPTS = frozenset({"_static/sphinx_highlight.js"})
#: The scripts behind the keyboard shortcuts (and the search page's messages).
KEYBOARD_SCRIPTS = frozenset(
    {
        "_static/documentation_options.js",
        "_static/doctools.js",
        "_static/translations.js",
    }
)
#: furo's stylesheet for other extensions' markup and Read the Docs' menu.
FURO_EXTENSIONS_CSS = "_static/styles/furo-extensions.css"
#: The extensions whose markup ``furo-extensions.css`` styles.
FURO_STYLED_EXTENSIONS = frozenset(
    {
        "sphinx_copybutton",
        "sphinx_design",
        "sphinx_inline_tabs",
        "sphinx_tabs.tabs",
        "sphinx-prompt",
        "sphinx_panels",
    }
)
#: The page Sphinx renders its search results on.
SEARCH_PAGE = "search"


def has_highlighted_code(doctree: nodes.document | None) -> bool:
    """Whether *doctree* has code that Pygments colours."""
    if doctree is None:
        return False
    for node in doctree.findall(nodes.literal):
        if "code" in node["classes"] and node.get("language"):  # ``code`` role
            return True
    return next(doctree.findall(nodes.literal_block), None) is not None


def keyboard_shortcuts_enabled(context: dict[str, Any]) -> bool:
    """Whether the theme turns on a keyboard shortcut that ``doctools.js`` runs."""
    return any(
        _is_true(context.get(option))
        for option in ("theme_navigation_with_keys", "theme_enable_search_shortcuts")
    )


def _is_true(value: object) -> bool:
    # Theme options come from conf.py as booleans or from theme.toml as strings.
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "on"}
    return bool(value)


def unused_assets(
    app: Sphinx,
    pagename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> frozenset[str]:
    """The asset filenames that page *pagename* does not use."""
    unused: set[str] = set()
    if not has_highlighted_code(doctree):
        unused |= PYGMENTS_CSS
    if pagename != SEARCH_PAGE:
        unused |= SEARCH_SCRIPTS
        if not keyboard_shortcuts_enabled(context):
            unused |= KEYBOARD_SCRIPTS
    if not context.get("READTHEDOCS") and not (
        FURO_STYLED_EXTENSIONS & set(app.extensions)
    ):
        unused.add(FURO_EXTENSIONS_CSS)
    return frozenset(unused)


def _without(assets: Iterable[Any], unused: frozenset[str]) -> list[Any]:
    # Assets are Sphinx's _JavaScript / _CascadingStyleSheet (or plain strings
    # from a theme's html_context); both compare by their filename.
    return [
        asset for asset in assets if getattr(asset, "filename", asset) not in unused
    ]


def drop_unused_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: give the template only the assets the page uses."""
    if not homepage_config(app).trim_assets:
        return
    unused = unused_assets(app, pagename, context, doctree)
    # New lists: the builder's own lists are shared by every page.
    if "css_files" in context:
        context["css_files"] = _without(context["css_files"], unused)
    if "script_files" in context:
        context["script_files"] = _without(context["script_files"], unused)


def setup_assets(app: Sphinx) -> None:
    """Connect the per-page asset choice, after the theme's own page hooks."""
    app.connect("html-page-context", drop_unused_assets, priority=900)
