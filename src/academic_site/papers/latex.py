# ruff: noqa: RUF001, RUF002 - this module maps LaTeX to look-alike Unicode
"""BibTeX field text (a little LaTeX) as Unicode rich text, without a TeX engine.

Exports from ACL Anthology, ACM DL, DBLP, arXiv and Google Scholar write
accents as ``{\\"u}`` or ``\\"{\\i}``, dashes as ``--``, protect capitals with
braces (``{LLM}``) and put inline math in ``$...$``. pylatexenc parses the
field and knows what most commands stand for; :func:`parse_latex` maps its
nodes to a small tree of strings and :class:`Styled` runs, which renders as
pybtex rich text (:func:`to_richtext`, for the publication style) or as plain
text (:func:`to_plain`, for structured data and messages).

The runs' tags are ``em``, ``strong``, ``tt``, ``sup``, ``sub`` and ``url``:
a ``url`` run holds the text of a ``\\url{...}`` argument, which
:func:`to_richtext` renders as a link (:class:`pybtex.richtext.HRef`) when it
starts with ``https://``, and as plain text otherwise.

Guarantees: no brace, backslash or math ``$`` survives, whatever the macro; the
only exceptions are the characters a field asks for by name (``\\$``, ``\\{``,
``\\}``, ``\\textbackslash``), which are the intended text. Capitalisation is
never changed; an unknown command is dropped and its argument kept as text;
any ``<`` or ``&`` stays a character, which the docutils writer escapes. Math
becomes readable text: Greek letters and operators as Unicode, ``^``/``_`` as
Unicode super- and subscripts where they exist and ``<sup>``/``<sub>`` where
they do not, ``\\mathcal{O}`` as 𝒪 -- so no JavaScript math engine is needed.

Each distinct field is converted once per process (the parse is memoised);
conversion is linear in the field's length.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pybtex.richtext import BaseText, HRef, String, Tag, Text
from pylatexenc import latex2text, latexwalker, macrospec


@dataclass
class Styled:
    """A run of text with one style: ``em``, ``strong``, ``tt``, ``sup``, ``sub``
    or ``url`` (whose text is the URL)."""

    tag: str
    children: list[str | Styled] = field(default_factory=list)


Parts = list[str | Styled]


@dataclass(frozen=True, slots=True)
class _Run:
    """The memoised, immutable form of a :class:`Styled` run."""

    tag: str
    children: tuple[str | _Run, ...]


_Frozen = tuple[str | _Run, ...]

#: One-argument commands whose argument keeps a style.
STYLE_COMMANDS = {"emph": "em", "textit": "em", "textsl": "em", "textbf": "strong"}
STYLE_COMMANDS |= {"texttt": "tt", "textsuperscript": "sup", "textsubscript": "sub"}

#: Old-style declarations (``{\\it x}``) that style the rest of their group.
DECLARATIONS = {"em": "em", "it": "em", "itshape": "em", "sl": "em", "tt": "tt"}
DECLARATIONS |= {"bf": "strong", "bfseries": "strong", "ttfamily": "tt"}

#: Commands whose argument is dropped: BibTeX files define ``\\noopsort`` to
#: sort, a citation or label has nothing to show (pylatexenc: "<cit.>"), and
#: an environment's name is not text.
DROPPED = ("noopsort", "cite", "citep", "citet", "label", "index", "begin", "end")

#: Characters a field asks for by name: the one place ``$``, ``{``, ``}`` and a
#: backslash are the intended text (``\\textbackslash`` is a real backslash).
ESCAPES = {"$": "$", "{": "{", "}": "}", "textbackslash": "\\", "textdollar": "$"}
ESCAPES |= {"textbraceleft": "{", "textbraceright": "}"}

#: Commands pylatexenc 2.11 turns into nothing (or otherwise than the house
#: style), measured against the tables of the hand-written converter this
#: module replaced; e.g. ``\\LaTeX`` and ``\\S`` vanish, ``\\-`` is U+00AD.
TEXT_SYMBOLS = {name: name for name in ["SS", "LaTeX", "TeX", "BibTeX"]} | dict(
    zip(["copyright", "S", "P", "pounds", "euro"], "©§¶£€", strict=True)
)
TEXT_SYMBOLS |= {"textbar": "|", "textless": "<", "textgreater": ">", "space": " "}
TEXT_SYMBOLS |= {"textunderscore": "_", "textasciicircum": "^", "slash": "/"}
TEXT_SYMBOLS |= {",": "\u2009", "-": "", "\\": " "}
MATH_SYMBOLS = dict(
    zip(["ne", "neg", "land", "lor", "|", "prime", "bot"], "≠¬∧∨‖′⊥", strict=True)
)
MATH_SYMBOLS |= {name: name for name in ["lg", "arg", "argmin", "argmax", "det"]}
MATH_SYMBOLS |= {name: name for name in ["dim", "ker", "Pr"]}
#: The marks after authors' names (al-folio's ``Lee, K.$^\\dagger$``).
MATH_SYMBOLS |= {"dagger": "†", "ddagger": "‡", "ast": "∗", "star": "⋆"}
TEXT_SYMBOLS |= {"dag": "†", "ddag": "‡", "textdagger": "†", "textdaggerdbl": "‡"}

#: ``\\textasciiacute{o}``: some exporters write an accented letter as the
#: spacing accent and the letter ("Introducci\\textasciiacute{o}n"); with a
#: non-empty argument it is read as the accent on that letter.
SPACING_ACCENTS = {"textasciiacute": "\u0301", "textasciigrave": "\u0300"}
SPACING_ACCENTS |= {"textasciidieresis": "\u0308", "textasciicaron": "\u030c"}

SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))
#: A lone letter as a script (``$h^m$``, ``$x_i$``) uses Unicode's modifier
#: letters, so plain text keeps it too; longer ones are a <sup>/<sub> run.
SUPERSCRIPT_LETTERS = dict(
    zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True)
)
SUBSCRIPT_LETTERS = dict(zip("aehijklmnoprstuvx", "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))


def _walker_context() -> macrospec.LatexContextDb:
    """pylatexenc's parsing rules, plus the arguments of the commands above."""
    context = latexwalker.get_default_latex_context_db()
    specs = [
        *(macrospec.std_macro(name, False, 1) for name in STYLE_COMMANDS),
        *(macrospec.std_macro(name, False, 1) for name in DROPPED),
        macrospec.std_macro("href", False, 2),
    ]
    context.add_context_category("academic-site", macros=specs, prepend=True)
    return context


def _text_context() -> macrospec.LatexContextDb:
    """pylatexenc's text for each command, with the symbols it lacks."""
    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "academic-site",
        # A bare ``&`` in a field is the character, not a table column.
        specials=[latex2text.SpecialsTextSpec("&", "&")],
        prepend=True,
    )
    return context


_WALKER_CONTEXT = _walker_context()
# Tolerant parsing logs each thing it recovers from (a missing argument); the
# guarantees above hold for the output, and a build log is not the place.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


class _ToText(latex2text.LatexNodes2Text):
    def apply_simplify_repl(self, node, simplify_repl, what):
        """A bare command read as another's argument (``\\frac\\frac``) has no
        arguments: pylatexenc would print its template, "%s/%s"."""
        template = isinstance(simplify_repl, str) and "%" in simplify_repl
        macro = isinstance(node, latexwalker.LatexMacroNode)
        if template and macro and not node.nodeargd:
            return ""
        return super().apply_simplify_repl(node, simplify_repl, what)


_TO_TEXT = _ToText(latex_context=_text_context(), math_mode="text")

#: A run of characters pylatexenc would read one token at a time, none of them
#: a brace, a command, math or the start of a special (``--``, ``''``, ``~``).
_PLAIN_RUN = re.compile(r"[^\\{}$&~'`\-!?]+")
_SPECIAL_STARTS = frozenset("'`-!?")


class _Walker(latexwalker.LatexWalker):
    """pylatexenc's walker, with runs of plain text read as one token.

    pylatexenc 2.11 reads one token per character and appends each to the
    pending text with ``+=`` on an attribute: 1.6 MB of prose took 185 s.
    A run is one token here, except the token right after a command or a
    group, which may be that command's argument (``\\'e``, ``\\ss e``,
    ``\\frac{1}2``) and stays pylatexenc's own. ``%`` is a character, as the
    hand-written converter had it (BibTeX fields are not TeX source), and
    environments are plain commands (pylatexenc copies the rest of the input
    at each ``\\begin``).
    """

    def get_token(self, pos, include_brace_chars=None, environments=True, **kwargs):
        s = self.s
        if s.startswith("%", pos):
            return latexwalker.LatexToken("char", "%", pos=pos, len=1, pre_space="")
        if pos < len(s) and s[pos] not in "\\{}$" and not self._argument_at(pos):
            state = kwargs.get("parsing_state") or self.make_parsing_state()
            end = self._plain_end(pos, state)
            if end > pos:
                return latexwalker.LatexToken(
                    tok="char", arg=s[pos:end], pos=pos, len=end - pos, pre_space=""
                )
        return super().get_token(
            pos, include_brace_chars=include_brace_chars, environments=False, **kwargs
        )

    def _plain_end(self, pos: int, state) -> int:
        s = self.s
        end = pos
        while True:
            match = _PLAIN_RUN.match(s, end)
            if match:
                end = match.end()
            if end < len(s) and (
                s[end] == "%"
                or (
                    s[end] in _SPECIAL_STARTS
                    and not state.latex_context.test_for_specials(s, end, state)
                )
            ):
                end += 1  # ``%``, or a ``-`` or ``'`` that starts no special
                continue
            return end

    def _argument_at(self, pos: int) -> bool:
        """Whether *pos* follows a command or a group (so may be an argument)."""
        s = self.s
        back = pos - 1
        while back >= 0 and s[back] == " ":
            back -= 1
        if back < 0:
            return False
        if s[back] in "}]":
            return True
        if back >= 1 and s[back - 1] == "\\":
            return True
        start = back
        while start >= 0 and back - start < 40 and s[start].isalpha():
            start -= 1
        return start >= 0 and start < back and s[start] == "\\"


# -- the pre-pass: what pylatexenc cannot be told ---------------------------

_WHITESPACE = re.compile(r"[ \t\r\n]+")  # not \s: keep ~ (no-break space)

#: DBLP escapes a title's TeX: ``{\\textdollar}{\\textbackslash}mathrm\\{AC\\}``.
_TEXTDOLLAR = re.compile(r"\{\\textdollar\}|\\textdollar(?![A-Za-z])(?:\{\}| ?)")
_DBLP_ESCAPES = re.compile(
    r"\{\\textbackslash\}|\\textbackslash(?![A-Za-z])(?:\{\}| ?)"
    r"|\{\\\^\{\}\}|\\\^\{\}|\\textasciicircum(?![A-Za-z])(?:\{\}| ?)"
    r"|\{\\_\}|\\([_{}])"
)
_TEXLIKE = re.compile(r"[\\^_{]")


def _dblp_unescape(match: re.Match[str]) -> str:
    text = match.group(0)
    return match.group(1) or ("\\" if "slash" in text else "_" if "_" in text else "^")


def _dblp_math(source: str) -> str:
    """``\\textdollar ... \\textdollar`` around TeX is math, unescaped."""
    pieces = _TEXTDOLLAR.split(source)
    if len(pieces) < 3:
        return source
    out = [pieces[0]]
    index = 1
    while index < len(pieces):
        if index + 1 < len(pieces) and _TEXLIKE.search(pieces[index]):
            out += ["$", _DBLP_ESCAPES.sub(_dblp_unescape, pieces[index]), "$"]
            out.append(pieces[index + 1])
            index += 2
        else:  # a dollar sign, as text
            out += ["\\$", pieces[index]]
            index += 1
    return "".join(out)


def _prepare(source: str) -> str:
    if "textdollar" in source:
        source = _dblp_math(source)
    return _WHITESPACE.sub(" ", source)


# -- pylatexenc's nodes as parts ------------------------------------------------

#: No command can leave these in text it produced (``$\\sqrt$`` gives "√($)").
_UNSAFE = str.maketrans("", "", "\\{}$")


class _Mapper:
    """Maps pylatexenc nodes to strings and runs (lists, frozen at the end)."""

    def nodes(self, nodes, math: bool) -> list:
        if math:
            return self.math(nodes)
        out: list = []
        for index, node in enumerate(nodes):
            if node is None:
                continue
            if isinstance(node, latexwalker.LatexMacroNode):
                name = node.macroname
                if name in DECLARATIONS and not _has_arguments(node):
                    rest = self.frozen(nodes[index + 1 :])
                    out.append(_Run(DECLARATIONS[name], rest))
                    return out
                if name in SPACING_ACCENTS and index + 1 < len(nodes):
                    following = nodes[index + 1]
                    if isinstance(following, latexwalker.LatexGroupNode):
                        text = _flatten(self.node(following, math))
                        if text:
                            out.append(_accent(text, SPACING_ACCENTS[name]))
                            nodes[index + 1] = None
                            continue
            out.extend(self.node(node, math))
        return out

    def frozen(self, nodes) -> _Frozen:
        return _freeze(self.nodes(list(nodes), math=False))

    def math(self, nodes) -> list:
        """Math: ``^``, ``_`` and ``'`` act on the character or node after them."""
        items: list = []
        for node in nodes:
            if isinstance(node, latexwalker.LatexCharsNode):
                items.extend(node.chars)
            elif node is not None:
                items.append(node)
        out: list = []
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            if not isinstance(item, str):
                out.extend(self.node(item, math=True))
            elif item in ("^", "_"):
                while index < len(items) and _is_space(items[index]):
                    index += 1
                argument = items[index] if index < len(items) else None
                index += 1
                parts = self.item(argument)
                out.append(_script_run(parts, superscript=item == "^"))
            elif item == "'":
                out.append("′")
            else:
                out.append(item.translate(_UNSAFE))
        return out

    def item(self, item) -> list:
        if item is None:
            return []
        if isinstance(item, str):
            return [item.translate(_UNSAFE)]
        if isinstance(item, latexwalker.LatexGroupNode):
            return self.nodes(item.nodelist, math=True)
        return self.node(item, math=True)

    def node(self, node, math: bool) -> list:
        if isinstance(node, latexwalker.LatexCharsNode):
            text = node.chars.translate(_UNSAFE)
            return [text if math else text.replace("`", "‘")]
        if isinstance(node, latexwalker.LatexGroupNode):
            return self.nodes(node.nodelist, math)
        if isinstance(node, latexwalker.LatexMathNode):
            return self.nodes(node.nodelist, math=True)
        if isinstance(node, latexwalker.LatexMacroNode):
            return self.macro(node, math)
        if isinstance(node, latexwalker.LatexSpecialsNode):
            if math and node.specials_chars == "''":
                return ["″"]  # a double prime, not a closing quote
            return [_TO_TEXT.specials_node_to_text(node).translate(_UNSAFE)]
        if isinstance(node, latexwalker.LatexEnvironmentNode):
            return self.nodes(node.nodelist, math)
        return []  # a comment: there are none, ``%`` is a character here

    def arguments(self, node, math: bool) -> list:
        out: list = []
        for argument in node.nodeargd.argnlist if node.nodeargd else ():
            if argument is not None:
                out.extend(self.node(argument, math))
        return out

    def macro(self, node, math: bool) -> list:
        name = node.macroname
        if name in ESCAPES:
            return [ESCAPES[name]]
        if name in STYLE_COMMANDS:
            return [_Run(STYLE_COMMANDS[name], _freeze(self.arguments(node, math)))]
        if name == "url":
            return [_Run("url", (_url_text(node),))]
        if name == "href":  # the text is what is shown
            arguments = node.nodeargd.argnlist if node.nodeargd else []
            shown = arguments[1] if len(arguments) > 1 else None
            return self.node(shown, math) if shown is not None else []
        if name in DROPPED:
            return []
        if name in ("^", "~") and not _flatten(self.arguments(node, math)).strip():
            return [name]  # ``\\^{}``, ``\\~{}``: how a field writes ^ and ~
        text = (MATH_SYMBOLS.get(name) if math else None) or TEXT_SYMBOLS.get(name)
        if text is None:
            spec = _TO_TEXT.latex_context.get_macro_spec(name)
            # pylatexenc drops a command it parses but has no text for, with
            # its arguments (\mbox, \textsf); keep them, and their styles.
            if spec is None or (not spec.discard and not spec.simplify_repl):
                return self.arguments(node, math)
            try:
                text = _TO_TEXT.macro_node_to_text(node)
            except Exception:  # pylatexenc's specs assume their arguments
                # are there (\href, \frac): keep what there is
                text = _flatten(self.arguments(node, math))
            text = text.translate(_UNSAFE)
            marks = text.replace(" ", "")
            if marks and all(unicodedata.combining(char) for char in marks):
                text = ""  # an accent on nothing (``\\'`` at the very end)
        # TeX drops the space after a control word. Keep it as written in math
        # and after a word (``\\LaTeX is``), not after a letter (``\\ss e``);
        # after a command with arguments it came before them (``\\mathcal O``).
        if (
            not _has_arguments(node)
            and text
            and (math or not (len(text) <= 2 and text.isalpha()))
        ):
            return [text, node.macro_post_space]
        return [text]


def _has_arguments(node) -> bool:
    return bool(node.nodeargd and any(node.nodeargd.argnlist))


def _is_space(item) -> bool:
    return isinstance(item, str) and item == " "


def _url_text(node) -> str:
    """The URL as written (pylatexenc reads ``~`` in it as a no-break space)."""
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    if not arguments or arguments[0] is None:
        return ""
    text = arguments[0].latex_verbatim()
    if isinstance(arguments[0], latexwalker.LatexGroupNode):
        text = text[1:-1]
    return re.sub(r"\\(?=[^A-Za-z])", "", text).translate(_UNSAFE).strip()


#: What a URL field escapes for LaTeX (``\\&``, ``\\%``, ``\\_``, ``\\#``).
_URL_ESCAPE = re.compile(r"\\([&%_#$~])")


def url_text(value: str) -> str:
    """A URL as a field writes it (``https://a.org/?x=1\\&y=2``) as the
    address it means: LaTeX's escapes undone, outer braces and spaces gone."""
    value = value.strip()
    while value.startswith("{") and value.endswith("}"):
        value = value[1:-1].strip()
    return _URL_ESCAPE.sub(r"\1", value)


def _flatten(parts) -> str:
    return "".join(
        part if isinstance(part, str) else _flatten(part.children) for part in parts
    )


def _accent(text: str, mark: str) -> str:
    base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
    return unicodedata.normalize("NFC", base + mark + text[1:])


def _script_run(parts: list, *, superscript: bool) -> str | _Run:
    """A super- or subscript: Unicode characters if all exist, else a run."""
    table = SUPERSCRIPTS if superscript else SUBSCRIPTS
    text = _flatten(parts)
    if not text.strip():
        return text
    if len(text) == 1:
        table = {**table, **(SUPERSCRIPT_LETTERS if superscript else SUBSCRIPT_LETTERS)}
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return _Run("sup" if superscript else "sub", _freeze(parts))


def _freeze(parts: list) -> _Frozen:
    """Join neighbouring strings (in linear time) and collapse white space."""
    frozen: list[str | _Run] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", "".join(pending)))
            if text:
                frozen.append(text)
            pending.clear()

    for part in parts:
        if isinstance(part, str):
            pending.append(part)
        else:
            flush()
            frozen.append(part)
    flush()
    return tuple(frozen)


def _crude(source: str) -> _Frozen:
    """Last resort for input pylatexenc cannot walk: the text without markup."""
    text = re.sub(r"\\[A-Za-z]+|\\.|[{}$]", "", source)
    return (_WHITESPACE.sub(" ", text).strip(),)


#: Fields with no command, math or quote (most names, years, pages, many
#: titles) need no parser: pylatexenc would give one text node. That is every
#: field of docs/publications.bib, and 1006 of 2585 in an 800-entry test file.
_NEEDS_PARSER = re.compile(r"[\\$`]|''")
_DASHES = re.compile(r"---|--|~")


def _without_parser(prepared: str) -> _Frozen:
    text = prepared.replace("{", "").replace("}", "")
    return _freeze([_DASHES.sub(lambda match: _LIGATURES[match.group(0)], text)])


_LIGATURES = {"---": "—", "--": "–", "~": "\u00a0"}


@cache
def _parse(source: str) -> _Frozen:
    prepared = _prepare(source)
    try:
        if not _NEEDS_PARSER.search(prepared):
            frozen = _without_parser(prepared)
        else:
            walker = _Walker(
                prepared, latex_context=_WALKER_CONTEXT, tolerant_parsing=True
            )
            nodes = walker.get_latex_nodes()[0]
            frozen = _freeze(_Mapper().nodes(list(nodes), math=False))
    except RecursionError:  # pylatexenc recurses at each group: 100 000 ``{``
        frozen = _crude(prepared)
    if frozen and isinstance(frozen[0], str):
        frozen = (frozen[0].lstrip(), *frozen[1:])
    if frozen and isinstance(frozen[-1], str):
        frozen = (*frozen[:-1], frozen[-1].rstrip())
    return tuple(part for part in frozen if part != "")


def _thaw(frozen: _Frozen) -> Parts:
    return [
        part if isinstance(part, str) else Styled(part.tag, _thaw(part.children))
        for part in frozen
    ]


def parse_latex(source: str) -> Parts:
    """Parse one BibTeX field value into strings and :class:`Styled` runs."""
    return _thaw(_parse(source))


@cache
def to_plain(source: str) -> str:
    """The field as plain Unicode text (for metadata, messages and sorting)."""
    return _flatten(_parse(source))


def _rich(frozen: _Frozen) -> list[BaseText]:
    rich: list[BaseText] = []
    for part in frozen:
        if isinstance(part, str):
            rich.append(String(part))
        elif part.tag == "url":
            url = _flatten(part.children)
            link = url.startswith("https://")
            rich.append(HRef(url, String(url)) if link else String(url))
        else:
            rich.append(Tag(part.tag, *_rich(part.children)))
    return rich


def to_richtext(source: str) -> Text:
    """The field as pybtex rich text: ``em``/``strong``/``tt``/``sup``/``sub``
    tags, and a ``\\url`` as an :class:`~pybtex.richtext.HRef`."""
    return Text(*_rich(_parse(source)))
