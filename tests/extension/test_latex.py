# ruff: noqa: RUF001 - the expected text is Unicode on purpose
"""BibTeX field text to Unicode: the shapes exporters write, by hand."""

from __future__ import annotations

import pytest
from pybtex.richtext import Tag, Text

from academic_site.latex import to_plain, to_richtext


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
        # Dashes, quotes, protected capitals, escapes.
        (r"1--2 and A---B", "1–2 and A—B"),
        (r"``quoted'' text", "“quoted” text"),
        (r"{LLM}s and {CA-LoRA}", "LLMs and CA-LoRA"),
        (r"A \& B, 100{\%}, 100{%}, \$5", "A & B, 100%, 100%, $5"),
        (r"a~b", "a\u00a0b"),
        # Inline math as readable text.
        (r"$O(n^2)$", "O(n²)"),
        (r"$\mathcal O(n^2)$ and $\mathcal{O}(n \log n)$", "𝒪(n²) and 𝒪(n log n)"),
        (r"$\alpha$-Sparse, $10^{-3}$, $x_1$", "α-Sparse, 10⁻³, x₁"),
        (r"\(O(n^2)\)", "O(n²)"),
        (r"$\frac{1}{2}$ $\leq$ $\mathbb{R}$", "1/2 ≤ ℝ"),
        # Styling commands keep their text; unknown commands keep theirs.
        (r"\emph{very} \textbf{bold} {\it old}", "very bold old"),
        (r"\url{https://x.org} \foo{kept} \LLM{}", "https://x.org kept LLM"),
        # Unicode passes through; HTML is just text.
        ("大语言模型：综述", "大语言模型：综述"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ],
)
def test_to_plain(latex: str, text: str) -> None:
    assert to_plain(latex) == text


@pytest.mark.parametrize(
    "latex",
    [r"{\"u}", r"$O(n^2)$", r"\textit{x} {y} $z$", r"\unknown{a}{b}", r"{unclosed"],
)
def test_no_brace_backslash_or_dollar_survives(latex: str) -> None:
    assert not set(to_plain(latex)) & set("{}\\$")


def test_rich_text_keeps_styles() -> None:
    assert to_richtext(r"\emph{a} $x^{k+1}$") == Text(
        Tag("em", "a"), " x", Tag("sup", "k+1")
    )
