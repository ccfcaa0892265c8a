"""Math on a page renders as MathML: no script, no third-party request.

The root ``tests/roots/test-math`` writes math as an owner may (``$…$``, the
``{math}`` role, a numbered block) and a formula whose ``\\href`` would link
to ``javascript:``. The page must load no script or stylesheet from
elsewhere (MathJax's CDN), carry the formulas as MathML, and keep no link
inside them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from academic_site.site.mathml import to_mathml
from tests.extension.hostile import parse
from tests.helpers import SiteBuild, build_site, copy_root

ROOT = Path(__file__).parent.parent / "roots" / "test-math"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    workdir = tmp_path_factory.mktemp("math")
    return build_site(copy_root(ROOT, workdir / "src", None), workdir)


def test_a_page_with_math_requests_nothing_from_elsewhere(built: SiteBuild) -> None:
    page = parse(built.outdir / "index.html")
    urls = [tag.get("src") for tag in page.find_all(["script", "img", "iframe"])]
    urls += [tag.get("href") for tag in page.find_all("link")]
    foreign = [url for url in urls if url and urlsplit(url).netloc]
    assert not foreign
    assert not [s for s in page.find_all("script") if "mathjax" in str(s).lower()]


def test_the_formulas_are_mathml_without_links(built: SiteBuild) -> None:
    page = parse(built.outdir / "index.html")
    formulas = page.find_all("math")
    # Two inline formulas, the numbered block, the hostile block.
    assert len(formulas) == 4
    assert {f.get("display") for f in formulas} == {"inline", "block"}
    for formula in formulas:
        for element in [formula, *formula.find_all(True)]:
            assert not {"href", "style"} & set(element.attrs), element
    assert page.find("span", class_="eqno")


def test_the_converter_keeps_only_presentation_attributes() -> None:
    markup = to_mathml(r"\href{javascript:alert(1)}{x}", "inline")
    assert "javascript" not in markup
    assert "href" not in markup


def test_an_unreadable_formula_is_one_warning_and_shown_as_latex(
    tmp_path: Path,
) -> None:
    srcdir = copy_root(ROOT, tmp_path / "src", {"index.md": "# M\n\nThen $x^$.\n"})
    build = build_site(srcdir, tmp_path, warnings_are_errors=False)
    lines = [line for line in build.warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 1, lines
    assert "index.md:3" in lines[0]
    assert "[homepage.markup]" in lines[0]
    page = parse(build.outdir / "index.html")
    assert page.find("code", class_="math").get_text() == "x^"
