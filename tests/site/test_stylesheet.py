"""The site's stylesheet is well formed.

Browsers (and the Nu checker, since CSS nesting is valid) silently accept a
rule left unclosed: every later rule then nests inside it and matches
nothing. A merge once did exactly that, so the structure is checked here.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import DOCS

STYLESHEET = DOCS / "_static" / "homepage.css"


def nesting_problems(css: str) -> list[str]:
    """Style rules opened inside other style rules, and unbalanced braces."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), css, flags=re.S)
    css = re.sub(r'"(?:\\.|[^"\\])*"', '""', css)
    problems = []
    stack: list[tuple[bool, int]] = []  # (is an at-rule, line)
    prelude_start = 0
    for index, char in enumerate(css):
        line = css.count("\n", 0, index) + 1
        if char == "{":
            prelude = css[prelude_start:index].strip()
            is_at_rule = prelude.startswith("@")
            if stack and not stack[-1][0] and not is_at_rule:
                problems.append(
                    f"line {line}: {prelude!r} inside the rule of line {stack[-1][1]}"
                )
            stack.append((is_at_rule, line))
            prelude_start = index + 1
        elif char == "}":
            if not stack:
                problems.append(f"line {line}: '}}' closes nothing")
            else:
                stack.pop()
            prelude_start = index + 1
        elif char == ";":
            prelude_start = index + 1
    problems += [f"line {line}: never closed" for _, line in stack]
    return problems


def test_the_site_stylesheet_nests_no_rule_in_another() -> None:
    assert nesting_problems(STYLESHEET.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "css",
    [
        "a { color: red;\nb { color: blue; }\n",
        "a { color: red; }\n}\n",
        "@media (width < 1px) { a { color: red; }\n",
    ],
)
def test_the_check_finds_a_broken_stylesheet(css: str) -> None:
    assert nesting_problems(css)


def test_the_check_accepts_at_rules_with_rules_inside() -> None:
    css = '@media (width < 1px) { a::before { content: "{"; } }\n'
    assert nesting_problems(css) == []
