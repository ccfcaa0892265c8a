# ruff: noqa: RUF001, RUF002 - this module maps LaTeX to look-alike Unicode
"""BibTeX field text (a little LaTeX) as Unicode rich text, without a TeX engine.

Exports from ACL Anthology, ACM DL, DBLP, arXiv and Google Scholar write
accents as ``{\\"u}`` or ``\\"{\\i}``, dashes as ``--``, protect capitals with
braces (``{LLM}``) and put inline math in ``$...$``. :func:`parse_latex` turns
such a field into a small tree of strings and :class:`Styled` runs; the tree
renders as pybtex rich text (:func:`to_richtext`, for the publication style)
or as plain text (:func:`to_plain`, for structured data and messages).

Guarantees: no brace, backslash or math ``$`` survives; capitalisation is never
changed; unknown commands keep their argument (or their name) as text; any
``<`` or ``&`` stays a character, which the docutils writer escapes. Math
becomes readable text: Greek letters and operators as Unicode, ``^``/``_`` as
Unicode super- and subscripts where they exist and ``<sup>``/``<sub>`` where
they do not, ``\\mathcal{O}`` as 𝒪 -- so no JavaScript math engine is needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pybtex.richtext import BaseText, String, Tag, Text


@dataclass
class Styled:
    """A run of text with one style: ``em``, ``strong``, ``tt``, ``sup``, ``sub``."""

    tag: str
    children: list[str | Styled] = field(default_factory=list)


Parts = list[str | Styled]

#: Accent commands and the combining character each one adds.
ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}

#: Text-mode commands that stand for one character or word.
SYMBOLS = {
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "S": "§",
    "P": "¶",
    "pounds": "£",
    "euro": "€",
    "textdegree": "°",
    "textbackslash": "⧵",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textbullet": "•",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
    "space": " ",
    "slash": "/",
    "&": "&",
    "%": "%",
    "$": "$",
    "_": "_",
    "#": "#",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": "\u2009",
    ";": " ",
    ":": " ",
    "!": "",
    "-": "",
    "/": "",
    "\\": " ",
    "@": "",
}

#: Letters among :data:`SYMBOLS`: TeX drops the space after them (``\\ss e``).
LETTERS = frozenset(
    [
        *["ss", "SS", "o", "O", "ae", "AE", "oe", "OE", "aa", "AA", "l", "L", "i"],
        *["j", "dh", "DH", "th", "TH", "ng", "NG", "dj", "DJ"],
    ]
)

#: Math-mode commands that stand for one symbol (or an operator's name).
MATH_SYMBOLS = {
    **{
        name: chr(code)
        for name, code in {
            "alpha": 0x3B1,
            "beta": 0x3B2,
            "gamma": 0x3B3,
            "delta": 0x3B4,
            "epsilon": 0x3F5,
            "varepsilon": 0x3B5,
            "zeta": 0x3B6,
            "eta": 0x3B7,
            "theta": 0x3B8,
            "vartheta": 0x3D1,
            "iota": 0x3B9,
            "kappa": 0x3BA,
            "lambda": 0x3BB,
            "mu": 0x3BC,
            "nu": 0x3BD,
            "xi": 0x3BE,
            "pi": 0x3C0,
            "varpi": 0x3D6,
            "rho": 0x3C1,
            "varrho": 0x3F1,
            "sigma": 0x3C3,
            "varsigma": 0x3C2,
            "tau": 0x3C4,
            "upsilon": 0x3C5,
            "phi": 0x3D5,
            "varphi": 0x3C6,
            "chi": 0x3C7,
            "psi": 0x3C8,
            "omega": 0x3C9,
            "Gamma": 0x393,
            "Delta": 0x394,
            "Theta": 0x398,
            "Lambda": 0x39B,
            "Xi": 0x39E,
            "Pi": 0x3A0,
            "Sigma": 0x3A3,
            "Upsilon": 0x3A5,
            "Phi": 0x3A6,
            "Psi": 0x3A8,
            "Omega": 0x3A9,
        }.items()
    },
    "ell": "ℓ",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "times": "×",
    "cdot": "·",
    "div": "÷",
    "pm": "±",
    "mp": "∓",
    "ast": "∗",
    "star": "⋆",
    "circ": "∘",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "ll": "≪",
    "gg": "≫",
    "approx": "≈",
    "sim": "∼",
    "simeq": "≃",
    "equiv": "≡",
    "propto": "∝",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "supset": "⊃",
    "cup": "∪",
    "cap": "∩",
    "emptyset": "∅",
    "forall": "∀",
    "exists": "∃",
    "neg": "¬",
    "wedge": "∧",
    "land": "∧",
    "vee": "∨",
    "lor": "∨",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "Leftarrow": "⇐",
    "leftrightarrow": "↔",
    "mapsto": "↦",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "sqrt": "√",
    "mid": "|",
    "vert": "|",
    "Vert": "‖",
    "|": "‖",
    "langle": "⟨",
    "rangle": "⟩",
    "lceil": "⌈",
    "rceil": "⌉",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "prime": "′",
    "top": "⊤",
    "bot": "⊥",
    **{
        name: name
        for name in [
            *["log", "ln", "lg", "exp", "sin", "cos", "tan", "min", "max", "arg"],
            *["argmin", "argmax", "lim", "sup", "inf", "det", "dim", "ker", "Pr"],
        ]
    },
    # Sizing and spacing commands say nothing about the content.
    **{
        name: ""
        for name in [
            *["left", "right", "big", "Big", "bigg", "Bigg"],
            *["bigl", "bigr", "Bigl", "Bigr", "displaystyle"],
        ]
    },
}

#: One-argument commands whose argument keeps a style (or none).
STYLE_COMMANDS = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "mathit": "",
    "textbf": "strong",
    "mathbf": "",
    "boldsymbol": "",
    "texttt": "tt",
    "mathtt": "",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textrm": "",
    "textsf": "",
    "textsc": "",
    "textup": "",
    "textnormal": "",
    "textmd": "",
    "text": "",
    "mathrm": "",
    "mathsf": "",
    "operatorname": "",
    "mbox": "",
    "hbox": "",
    "url": "",
    "nolinkurl": "",
    "MakeUppercase": "",
    "MakeLowercase": "",
}

#: Old-style declarations (``{\it x}``) that style the rest of their group.
DECLARATIONS = {
    "em": "em",
    "it": "em",
    "itshape": "em",
    "sl": "em",
    "bf": "strong",
    "bfseries": "strong",
    "tt": "tt",
    "ttfamily": "tt",
    "rm": "",
    "sc": "",
    "sf": "",
    "normalfont": "",
    "upshape": "",
    "scshape": "",
}

#: Commands whose arguments are dropped: they only sort or cite.
DROPPED = {"noopsort", "cite", "citep", "citet", "label", "index"}

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()ni",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ",
        strict=True,
    )
)
SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))

#: Exceptions in Unicode's Mathematical Script and Double-Struck blocks.
SCRIPT_HOLES = dict(zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ", strict=True))
DOUBLE_STRUCK_HOLES = dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True))

_COMMAND = re.compile(r"[A-Za-z]+|.", re.DOTALL)
_SPACE = re.compile(r"[ \t\r\n]+")  # not \s: keep ~ (no-break space)


def _script(letter: str) -> str:
    if letter in SCRIPT_HOLES:
        return SCRIPT_HOLES[letter]
    if "A" <= letter <= "Z":
        return chr(0x1D49C + ord(letter) - ord("A"))
    if "a" <= letter <= "z":
        return chr(0x1D4B6 + ord(letter) - ord("a"))
    return letter


def _double_struck(letter: str) -> str:
    if letter in DOUBLE_STRUCK_HOLES:
        return DOUBLE_STRUCK_HOLES[letter]
    if "A" <= letter <= "Z":
        return chr(0x1D538 + ord(letter) - ord("A"))
    if "a" <= letter <= "z":
        return chr(0x1D552 + ord(letter) - ord("a"))
    return letter


#: Math alphabets: each maps a plain letter to its styled Unicode letter.
MATH_ALPHABETS = {
    "mathcal": _script,
    "mathscr": _script,
    "mathbb": _double_struck,
}


class _Parser:
    """A recursive-descent reader of one field's LaTeX."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    # -- helpers -----------------------------------------------------------
    def peek(self) -> str:
        return self.source[self.pos : self.pos + 1]

    def at_end(self) -> bool:
        return self.pos >= len(self.source)

    def skip_space(self) -> None:
        while not self.at_end() and self.peek().isspace():
            self.pos += 1

    def command(self) -> str:
        """Read a command after its backslash: a name, or one other character."""
        match = _COMMAND.match(self.source, self.pos)
        if not match:  # a backslash at the very end
            self.pos += 1
            return ""
        self.pos = match.end()
        return match.group(0)

    def group(self, math: bool) -> Parts:
        """Read ``{...}`` (the brace is the next character) up to its match."""
        self.pos += 1
        parts = self.sequence(math, closing="}")
        if self.peek() == "}":
            self.pos += 1
        return parts

    def argument(self, math: bool) -> Parts:
        """Read one argument: a group, a command or a single character."""
        self.skip_space()
        char = self.peek()
        if char == "{":
            return self.group(math)
        if char == "\\":
            self.pos += 1
            return self.after_command(self.command(), math)
        if not char or char == "}":
            return []
        self.pos += 1
        return [char]

    # -- the grammar ---------------------------------------------------------
    def sequence(self, math: bool, closing: str = "") -> Parts:
        parts: Parts = []
        while not self.at_end():
            char = self.peek()
            if closing and self.source.startswith(closing, self.pos):
                break
            if char == "}":  # a stray closing brace: drop it
                self.pos += 1
            elif char == "{":
                parts.extend(self.group(math))
            elif char == "\\":
                self.pos += 1
                name = self.command()
                if name == "(" and not math:  # \( ... \) is math too
                    parts.extend(self.sequence(math=True, closing="\\)"))
                    self.pos += 2
                    continue
                if name in DECLARATIONS and not math:
                    self.skip_space()
                    rest = self.sequence(math, closing="}" if closing else "")
                    tag = DECLARATIONS[name]
                    parts.extend([Styled(tag, rest)] if tag else rest)
                    continue
                parts.extend(self.after_command(name, math))
            elif char == "$" and not math:
                parts.extend(self.math())
            elif math:
                parts.extend(self.math_char(char))
            else:
                parts.append(self.text_char())
        return parts

    def text_char(self) -> str:
        for ligature, replacement in (
            ("---", "—"),
            ("--", "–"),
            ("``", "“"),
            ("''", "”"),
            ("`", "‘"),
            ("~", "\u00a0"),
        ):
            if self.source.startswith(ligature, self.pos):
                self.pos += len(ligature)
                return replacement
        char = self.peek()
        self.pos += 1
        return char

    def math(self) -> Parts:
        """Read ``$...$`` (or ``$$...$$``) as readable text."""
        self.pos += 1
        double = self.peek() == "$"
        if double:
            self.pos += 1
        parts = self.sequence(math=True, closing="$")
        self.pos += 2 if double else 1
        return parts

    def math_char(self, char: str) -> Parts:
        self.pos += 1
        if char in "^_":
            argument = self.argument(math=True)
            return [_script_run(argument, superscript=char == "^")]
        if char == "'":
            return ["′"]
        if char == "~":
            return ["\u00a0"]
        if char.isspace():
            self.skip_space()
            return [" "]
        return [char]

    def after_command(self, name: str, math: bool) -> Parts:
        """The text a command stands for; reads its arguments."""
        if not name:
            return []
        if name in ACCENTS and (len(name) == 1 or not math):
            return _accent(self.argument(math), ACCENTS[name])
        if math:
            if name in MATH_ALPHABETS:
                mapping = MATH_ALPHABETS[name]
                return [_map_letters(self.argument(math), mapping)]
            if name == "frac":
                top, bottom = self.argument(math), self.argument(math)
                return [*_bracketed(top), "/", *_bracketed(bottom)]
            if name in ("hat", "tilde", "bar", "vec", "dot", "ddot"):
                mark = {
                    "hat": "\u0302",
                    "tilde": "\u0303",
                    "bar": "\u0304",
                    "vec": "\u20d7",
                    "dot": "\u0307",
                    "ddot": "\u0308",
                }[name]
                return _accent(self.argument(math), mark)
            if name in MATH_SYMBOLS:
                return [MATH_SYMBOLS[name]]
        if name in SYMBOLS:
            if name.isalpha() and name in LETTERS:
                self.skip_space()  # as TeX does after a control word
            return [SYMBOLS[name]]
        if name in STYLE_COMMANDS:
            tag = STYLE_COMMANDS[name]
            argument = self.argument(math and name not in ("text", "mbox"))
            return [Styled(tag, argument)] if tag else argument
        if name == "href":
            self.argument(math)  # the URL; the text is what is shown
            return self.argument(math)
        if name in DROPPED:
            self.argument(math)
            return []
        if name in MATH_SYMBOLS:  # a math symbol written outside math
            return [MATH_SYMBOLS[name]]
        # An unknown command: keep its argument if it has one, else its name.
        self.skip_space()
        if self.peek() == "{":
            argument = self.group(math)
            return argument if _flatten(argument).strip() else [name]
        return [name]


def _flatten(parts: Parts) -> str:
    return "".join(
        part if isinstance(part, str) else _flatten(part.children) for part in parts
    )


def _accent(argument: Parts, mark: str) -> Parts:
    """Put the combining *mark* on the first letter of *argument*."""
    text = _flatten(argument)
    if not text:
        return [unicodedata.normalize("NFC", "\u00a0" + mark)]
    base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
    return [unicodedata.normalize("NFC", base + mark + text[1:])]


def _map_letters(argument: Parts, mapping) -> str:
    return "".join(mapping(char) for char in _flatten(argument))


def _bracketed(parts: Parts) -> Parts:
    text = _flatten(parts).strip()
    if len(text) > 1 and not text.isalnum():
        return ["(", *parts, ")"]
    return parts


def _script_run(argument: Parts, *, superscript: bool) -> str | Styled:
    """A super- or subscript: Unicode characters if all exist, else a tag."""
    table = SUPERSCRIPTS if superscript else SUBSCRIPTS
    text = _flatten(argument)
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return Styled("sup" if superscript else "sub", argument)


def _merge(parts: Parts) -> Parts:
    """Join neighbouring strings and collapse white space."""
    merged: Parts = []
    for part in parts:
        if isinstance(part, Styled):
            merged.append(Styled(part.tag, _merge(part.children)))
        elif merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return [
        _SPACE.sub(" ", unicodedata.normalize("NFC", part))
        if isinstance(part, str)
        else part
        for part in merged
        if part != ""
    ]


def parse_latex(source: str) -> Parts:
    """Parse one BibTeX field value into strings and :class:`Styled` runs."""
    parts = _Parser(source).sequence(math=False)
    merged = _merge(parts)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return [part for part in merged if part != ""]


def _plain(parts: Parts) -> str:
    out = []
    for part in parts:
        out.append(part if isinstance(part, str) else _plain(part.children))
    return "".join(out)


def to_plain(source: str) -> str:
    """The field as plain Unicode text (for metadata, messages and sorting)."""
    return _plain(parse_latex(source))


def _rich(parts: Parts) -> list[BaseText]:
    rich: list[BaseText] = []
    for part in parts:
        if isinstance(part, str):
            rich.append(String(part))
        elif part.tag:
            rich.append(Tag(part.tag, *_rich(part.children)))
        else:
            rich.extend(_rich(part.children))
    return rich


def to_richtext(source: str) -> Text:
    """The field as pybtex rich text (``em``/``strong``/``tt``/``sup``/``sub``)."""
    return Text(*_rich(parse_latex(source)))
