# ruff: noqa: RUF001 - the expected text is Unicode on purpose
"""BibTeX field text to Unicode: the shapes exporters write, by hand."""

from __future__ import annotations

import random
import re

import pytest
from pybtex.richtext import HRef, Tag, Text

from academic_site.papers import latex
from academic_site.papers.latex import Styled, parse_latex, to_plain, to_richtext


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # Accents as each exporter writes them.
        (r"M{\"u}ller", "Müller"),  # ACL Anthology
        (r"J{\"{o}}rg", "Jörg"),  # DBLP
        (r"Na\"{\i}ve", "Naïve"),  # ACM DL
        (r"Garc{\'\i}a", "García"),
        (
            r"Se\'{a}n Fran\c{c}ois \v{S}koda {\o}re {\L}{\'o}d{\'z}",
            "Seán François Škoda øre Łódź",
        ),
        (r"Stra{\ss}e Stra\ss e", "Straße Straße"),
        (r"Introducci\textasciiacute{o}n", "Introducción"),
        # Dashes, quotes, protected capitals, escapes.
        (r"1--2 and A---B", "1–2 and A—B"),
        (r"``quoted'' text", "“quoted” text"),
        (r"!`Hola! ?`Qu\'e?", "¡Hola! ¿Qué?"),
        (r"{LLM}s and {CA-LoRA}", "LLMs and CA-LoRA"),
        (r"A \& B, 100{\%}, 100{%}, \$5, \_x, C\#", "A & B, 100%, 100%, $5, _x, C#"),
        (r"50\,% of {\ss}% x", "50\u2009% of ß% x"),  # % is no comment in a field
        (r"a~b", "a\u00a0b"),
        (r"\textbackslash{}n and \^{} and \~{}user", "\\n and ^ and ~user"),
        # Inline math as readable text.
        (r"$O(n^2)$", "O(n²)"),
        (r"$\mathcal O(n^2)$ and $\mathcal{O}(n \log n)$", "𝒪(n²) and 𝒪(n log n)"),
        (r"$\alpha$-Sparse, $10^{-3}$, $x_1$", "α-Sparse, 10⁻³, x₁"),
        (r"\(O(n^2)\)", "O(n²)"),
        (r"$\frac{1}{2}$ $\leq$ $\mathbb{R}$", "1/2 ≤ ℝ"),
        (r"$h^m(P)$ and $x_i$", "hᵐ(P) and xᵢ"),  # a lone letter keeps its script
        (r"$f'(x)$, $f''$", "f′(x), f″"),
        # DBLP escapes the TeX of a title, or writes \textdollar for $.
        (r"\textdollar\mathrm{AC}^0[\oplus]\textdollar", "AC⁰[⊕]"),
        (
            r"for {\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0"
            r"[{\textbackslash}oplus]{\textdollar} Circuits",
            "for AC⁰[⊕] Circuits",
        ),
        (r"costs \textdollar 5 or \textdollar 6", "costs $5 or $6"),
        # Styling commands keep their text.
        (r"\emph{very} \textbf{bold} {\it old} \textit{it}", "very bold old it"),
        (r"\texttt{code} x\textsuperscript{th} H\textsubscript{2}O", "code xth H2O"),
        (r"\mbox{kept} \textsf{kept} \textsc{\emph{kept}}", "kept kept kept"),
        # Unknown commands lose their name and keep their argument. (\LLM{}
        # used to print "LLM": a command name is never text.)
        (r"\url{https://x.org} \foo{kept} \LLM{}", "https://x.org kept"),
        (r"Vit{\dbend}nyi {\relax Th}.", "Vitnyi Th."),
        (r"{\noopsort{a}}Zeta \cite{key}", "Zeta"),
        (r"\LaTeX\ and \TeX{} in \S 3", "LaTeX and TeX in § 3"),
        # Unicode passes through; HTML is just text.
        ("大语言模型：综述", "大语言模型：综述"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
)
def test_to_plain(latex: str, text: str) -> None:
    assert to_plain(latex) == text


#: Commands of every kind, known and unknown, whole and broken.
HOSTILE = [
    r"{\"u}",
    r"$O(n^2)$",
    r"\textit{x} {y} $z$",
    r"\unknown{a}{b}",
    r"{unclosed",
    r"closed}}",
    r"Vit{\dbend}nyi",
    r"\relax\relax x",
    r"$\sqrt$ x",
    r"$\frac$ \frac\frac\frac",
    r"\href{https://x.org}",
    r"\'",
    r"\begin{itemize}\item x\end{itemize}",
    r"\newcommand{\foo}[1]{#1}\foo{x}",
    r"\textdollar\mathrm{AC}\textdollar $x",
    r"$x^$ $_$ $\mathcal$",
    r"\url{",
    "\\",
]

_NAMES = re.compile(r"\\([A-Za-z]+)")


@pytest.mark.parametrize("latex", HOSTILE)
def test_no_command_brace_backslash_or_dollar_survives(latex: str) -> None:
    text = to_plain(latex)
    assert not set(text) & set("{}\\$")
    for name in _NAMES.findall(latex):
        assert name not in text


def test_no_markup_survives_random_fragments() -> None:
    """Fragments glued at random: only a character asked for by name survives."""
    fragments = [
        *[r"\emph{", r"\textbf", "{", "}", "$", "^", "_", "~", "--", "'", "`"],
        *[r"\"", r"\'", r"\dbend", "%", r"\mathrm{", r"\frac", r"\sqrt", r"\url{"],
        *[r"\href{", r"\textdollar", r"\it ", r"\(", r"\)", r"\\", "x", " ", "é"],
    ]
    rng = random.Random(12)
    for _ in range(300):
        source = "".join(rng.choice(fragments) for _ in range(rng.randint(1, 12)))
        text = to_plain(source)
        assert not set(text) & set("{}\\"), source
        assert "%s" not in text, source  # pylatexenc's templates, unfilled
        assert "$" not in text or r"\textdollar" in source, source


def test_rich_text_keeps_styles() -> None:
    assert to_richtext(r"\emph{a} $x^{k+1}$") == Text(
        Tag("em", "a"), " x", Tag("sup", "k+1")
    )
    assert to_richtext(r"{\bf b \it c}") == Text(Tag("strong", "b ", Tag("em", "c")))


def test_url_is_a_link_run() -> None:
    url = "https://x.org/a_b~c%20d"
    assert parse_latex(rf"see \url{{{url}}}") == ["see ", Styled("url", [url])]
    assert to_plain(rf"see \url{{{url}}}") == f"see {url}"
    assert to_richtext(rf"\url{{{url}}}") == Text(HRef(url, url))
    # Only https:// is a link; anything else is its text.
    assert to_richtext(r"\url{http://x.org}") == Text("http://x.org")
    assert to_richtext(r"\url{javascript:alert(1)}") == Text("javascript:alert(1)")


def test_each_field_is_parsed_once_and_copies_are_returned() -> None:
    source = r"A \emph{memoised} field $x^2$ (test_latex)"
    before = latex._parse.cache_info().misses
    parts = parse_latex(source)
    parts[1].children.append("mutated")
    parts.append("mutated")
    rich = to_richtext(source)
    rich.append("mutated")
    rest = " field x² (test_latex)"
    assert parse_latex(source) == ["A ", Styled("em", ["memoised"]), rest]
    assert to_richtext(source) == Text("A ", Tag("em", "memoised"), rest)
    assert to_plain(source) == "A memoised" + rest
    assert latex._parse.cache_info().misses == before + 1


class _CountingWalker(latex._Walker):
    tokens = 0

    def get_token(self, *args, **kwargs):
        _CountingWalker.tokens += 1
        return super().get_token(*args, **kwargs)


def _tokens(source: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(latex, "_Walker", _CountingWalker)
    _CountingWalker.tokens = 0
    latex._parse.__wrapped__(source)
    return _CountingWalker.tokens


def test_plain_text_is_one_token_not_one_per_character(monkeypatch) -> None:
    """pylatexenc reads a token per character and joins them quadratically."""
    prose = "Large language models read long inputs, and so on. " * 4000
    assert _tokens(r"\emph{x} " + prose, monkeypatch) < 20
    dense = r"Na\"{\i}ve {LLM}s on $O(n^2)$ -- \emph{very} fast. "
    small, big = _tokens(dense * 50, monkeypatch), _tokens(dense * 500, monkeypatch)
    assert big <= 10 * small + 10  # linear in the number of commands


def test_big_and_deep_fields_convert() -> None:
    """A field of megabytes converts (the old converter took minutes)."""
    unit = "Large language models read long inputs, and so on; " * 40
    big = (unit + r"M{\"u}ller $x^2$ ") * 1000  # 2 MB
    text = to_plain(big)
    assert text.count("Müller x²") == 1000
    assert len(text) > 2_000_000
    # Deeper than pylatexenc can recurse: the text, without the markup.
    assert to_plain("{" * 100_000 + "deep" + "}" * 100_000) == "deep"
    assert to_plain(r"\emph" * 5_000 + "{x}") == "x"
    assert to_plain("}" * 100_000 + "a" + "{" * 100_000) == "a"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        (r"https://a.org/?x=1\&y=2", "https://a.org/?x=1&y=2"),
        (r" {{ https://a.org/a\_b\%20\#top\$\~ }} ", "https://a.org/a_b%20#top$~"),
        (r"https://a.org/{x}", "https://a.org/{x}"),
        (r"https://a.org/\\x", r"https://a.org/\\x"),  # not an escape it knows
    ],
)
def test_a_url_field_reads_as_the_address_it_means(written: str, meant: str) -> None:
    assert latex.url_text(written) == meant
