"""Translated messages get exactly the markup of the text they translate.

Sphinx parses a page catalog's ``msgstr`` with the page's own parser, so a
translator could ``{include}`` a file or add raw HTML that the English page
never had. Before Sphinx's ``Locale`` transform (priority 20), each message
whose translation uses more than :func:`academic_site.site.inline.refusal` allows
(inline MyST, plus what its ``msgid`` uses) is one warning at the ``.po``
file and line, and stays English.

Every catalog of the edition (the pages', ``sphinx.po`` with the theme's
interface strings, the extension's own) is read once per build by
:func:`read_catalog`, which babel alone would read forgivingly but silently
wrong (an unterminated string cut short, an unknown escape kept, a bad
header a traceback): each line it cannot read, each translation with a
control character, and each translation its domain's check refuses is one
warning at the ``.po`` file and line, and that one message stays English.
The checked catalog is compiled to the ``.mo`` Sphinx reads.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser
from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository, docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages

from academic_site.site.datafile import WARNING_TYPE, modified_ns, unprintable
from academic_site.site.inline import myst_extensions, refusal
from academic_site.site.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SUBTYPE = Subtype.MARKUP

#: A check of one translation (``msgstr``, ``msgid``): why it is refused, or ``None``.
Check = Callable[[str, str], "str | None"]

#: A string of a ``.po`` line as babel reads it: quoted, with only the escapes
#: babel decodes (``\\ \" \n \t \r``); any other would be kept as written.
_PO_STRING = re.compile(r'"(?:[^"\\]|\\[\\"ntr])*"')
_PO_KEYWORD = re.compile(r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+")


def warn_left_out(reason: str, location: str | None) -> None:
    """The one warning for a translation left out, so English is shown."""
    logger.warning(
        "this translation is left out (the English text is shown): %s",
        reason,
        type=WARNING_TYPE,
        subtype=SUBTYPE,
        location=location,
    )


class _RecordingParser(PoFileParser):
    """babel's parser, recording ``(line, problem)`` instead of printing it,
    and going on past a message it cannot add (a header babel cannot read)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.problems: list[tuple[int, str]] = []

    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        self.problems.append((lineno + 1, msg))

    def _add_message(self) -> None:
        try:
            super()._add_message()
        except Exception as error:  # (babel raises what it meets: ValueError, …)
            self.problems.append((self.offset + 1, f"it cannot be read ({error})"))
            self._reset_message_state()


def _line_problems(text: str) -> list[tuple[int, str]]:
    """The lines babel would read wrong without a word: a string not closed,
    an escape it does not decode, a character no page may carry."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if bad := unprintable(stripped):
            problems.append((number, f"it holds the character U+{ord(bad):04X}"))
            continue
        if not stripped or stripped.startswith("#"):
            continue
        rest = _PO_KEYWORD.sub("", stripped, count=1)
        if rest.startswith('"') and not _PO_STRING.fullmatch(rest):
            problems.append(
                (number, "its string is not closed or has an escape gettext lacks")
            )
    return problems


def _message_lines(catalog: Catalog) -> list[tuple[int, Any]]:
    return sorted(
        (message.lineno, message) for message in catalog if message.lineno is not None
    )


def read_catalog(
    path: Path, language: str, domain: str, check: Check | None = None
) -> Catalog | None:
    """The catalog at *path*, each message it cannot trust left out with one
    warning at its line (English is shown for it); ``None`` if unreadable.

    Left out: a message on a line babel cannot read or would read wrong, a
    translation with a control character, and one *check* refuses."""
    try:
        data = path.read_bytes()
    except OSError as error:
        warn_left_out(f"the catalog cannot be read ({error.strerror})", None)
        return None
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    problems = [
        (text.count("\n", 0, match.start()) + 1, "it is not UTF-8 text")
        for match in re.finditer("[\udc80-\udcff]+", text)
    ]
    text = re.sub("[\udc80-\udcff]", "\ufffd", text)
    problems += _line_problems(text)
    catalog = Catalog(locale=language, domain=domain)
    parser = _RecordingParser(catalog)
    parser.parse(text.splitlines())
    problems += parser.problems
    lines = _message_lines(catalog)
    left_out: dict[int, tuple[Any, str, int]] = {}
    for line, problem in sorted(problems):
        owner = next((m for start, m in reversed(lines) if start <= line), None)
        if owner is None or not owner.id:  # the header: its defaults are used
            warn_left_out(f"the catalog's header: {problem}", f"{path}:{line}")
            continue
        left_out.setdefault(id(owner), (owner, problem, line))
    for message in catalog:
        if id(message) in left_out or not message.id or not message.string:
            continue
        if message.pluralizable:
            strings = [str(s) for s in message.string if s]
        else:
            strings = [str(message.string)]
        for string in strings:
            if check and (reason := check(string, _msgid(message))):
                left_out[id(message)] = (message, reason, message.lineno)
                break
    for message, reason, line in left_out.values():
        warn_left_out(reason, f"{path}:{line}")
        catalog.delete(message.id, message.context)
    return catalog


def _msgid(message: Any) -> str:
    return str(message.id[0] if message.pluralizable else message.id)


def write_catalog(catalog: Catalog, mo_path: Path) -> None:
    """Compile *catalog* to *mo_path* (fuzzy entries left out, as Sphinx does)."""
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalog, use_fuzzy=False)


#: What HTML a theme string may hold: a tag, an entity, a character that
#: opens one, a quote that ends an attribute.
_HTML = re.compile(r"<[^<>]*>|&#?\w+;|[<>&\"']")
_PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")


def interface_string_problem(msgstr: str, msgid: str) -> str | None:
    """Why a translated interface string (``sphinx.po``) is refused: the
    templates print it unescaped, so it may hold only the HTML and the
    ``%`` placeholders of its English (``None`` if it is fine)."""
    added = Counter(_HTML.findall(msgstr)) - Counter(_HTML.findall(msgid))
    if added:
        return f"it has HTML its English has not: {next(iter(added))!r}"
    if Counter(_PERCENT.findall(msgstr)) != Counter(_PERCENT.findall(msgid)):
        return "its % placeholders differ from the English's"
    return None


@functools.lru_cache(maxsize=64)
def _lines(path: Path, mtime_ns: int) -> dict[str, int]:
    # msgid -> line of the .po, to name where a refused message is.
    # (babel's own reader would print a stray line or raise on a bad header.)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    catalog = Catalog()
    _RecordingParser(catalog).parse(text.splitlines())
    return {
        str(message.id): message.lineno
        for message in catalog
        if message.id and isinstance(message.id, str)
    }


def _location(dirs: list[Path], language: str, domain: str, msg: str) -> str:
    for directory in dirs:
        path = directory / language / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            line = _lines(path, modified_ns(path)).get(msg)
            if line is not None:
                return f"{path}:{line}"
    return f"{dirs[0] / language / 'LC_MESSAGES' / domain}.po:1" if dirs else ""


class RefuseTranslatedMarkup(SphinxTransform):
    """Keep English each message whose translation adds markup."""

    default_priority = 19  # just before Sphinx's Locale transform

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if not language or language == "en" or not self.config.locale_dirs:
            return
        domain = docname_to_domain(
            self.env.current_document.docname, self.config.gettext_compact
        )
        dirs = [Path(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, language, domain)
        if not has_catalog:
            return
        extensions = myst_extensions(self.config)
        for node, msg in list(extract_messages(self.document)):
            if isinstance(node, (*LITERAL_TYPE_NODES, nodes.meta, nodes.image)):
                continue
            msgstr = catalog.gettext(msg)
            if not msgstr.strip() or msgstr == msg:
                continue
            if (reason := refusal(msgstr, extensions, source=msg)) is None:
                continue
            if isinstance(node, addnodes.toctree):
                # Sphinx translates a toctree's caption and entry titles
                # whatever its "translatable" says: they are put back after.
                node.setdefault(_REFUSED, []).append(msg)
                node.setdefault(_ORIGINAL, (list(node["entries"]), node.get("caption")))
            else:
                node["translatable"] = False
            warn_left_out(reason, _location(dirs, language, domain, msg))


#: A toctree's refused messages, and its entries and caption before Locale.
_REFUSED = "homepage_refused_messages"
_ORIGINAL = "homepage_original_entries"


class KeepRefusedToctreeMessages(SphinxTransform):
    """Put a toctree's caption or entry title back in English where
    :class:`RefuseTranslatedMarkup` refused its translation (Sphinx's Locale
    transform translates toctree nodes without looking at ``translatable``)."""

    default_priority = 21  # just after Sphinx's Locale transform (20)

    def apply(self, **kwargs: Any) -> None:
        for toctree in self.document.findall(addnodes.toctree):
            refused = toctree.attributes.pop(_REFUSED, None)
            entries, caption = toctree.attributes.pop(_ORIGINAL, (None, None))
            if not refused:
                continue
            for index, (title, docname) in enumerate(entries):
                if title in refused:
                    toctree["entries"][index] = (title, docname)
            if caption in refused:
                toctree["caption"] = caption


def _project_catalogs(app: Sphinx) -> list[Any]:
    language = app.config.language
    if not language or language == "en" or not app.config.locale_dirs:
        return []
    repository = CatalogRepository(
        app.srcdir, app.config.locale_dirs, language, app.config.source_encoding
    )
    return list(repository.catalogs)


def _check_project_catalogs(app: Sphinx) -> None:
    """Read each catalog of the edition once, report what it cannot trust,
    and compile what is left to the ``.mo`` Sphinx reads (before Sphinx
    compiles it from the ``.po`` as is: the ``.mo`` is then up to date)."""
    checked = {}
    for info in _project_catalogs(app):
        check = interface_string_problem if info.domain == "sphinx" else None
        catalog = read_catalog(
            Path(info.po_path), app.config.language, info.domain, check
        )
        if catalog is None:
            continue
        write_catalog(catalog, Path(info.mo_path))
        checked[info.mo_path] = catalog
        if info.domain == "sphinx":
            _forget_interface_strings(app, catalog)
    app.homepage_checked_catalogs = checked


def _forget_interface_strings(app: Sphinx, catalog: Catalog) -> None:
    # Sphinx loaded the project's sphinx.mo, as babel read it, before any
    # extension: the translations left out are taken from it, so Sphinx's
    # own translation (or the English) is shown.
    translator = getattr(app, "translator", None)
    own = getattr(translator, "_catalog", None)
    if own is None:
        return
    kept = {_msgid(message) for message in catalog if message.id}
    for key in list(own):
        msgid = key[0] if isinstance(key, tuple) else key  # (a plural's form)
        msgid = msgid.rpartition("\x04")[2]  # (a message with a context)
        if msgid and msgid not in kept:
            del own[key]


def _write_checked_catalogs(app: Sphinx, env: Any, docnames: list[str]) -> None:
    # `sphinx-build -a` compiles every .po again, as is: write the checked ones.
    for mo_path, catalog in getattr(app, "homepage_checked_catalogs", {}).items():
        write_catalog(catalog, Path(mo_path))


def setup_catalogs(app: Sphinx) -> None:
    """Register the checks of translated messages."""
    app.connect("builder-inited", _check_project_catalogs)
    app.connect("env-before-read-docs", _write_checked_catalogs)
    app.add_transform(RefuseTranslatedMarkup)
    app.add_transform(KeepRefusedToctreeMessages)
