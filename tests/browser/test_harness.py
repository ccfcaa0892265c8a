"""The harness's own rules: when the browser tests may skip."""

from __future__ import annotations

import pytest

from tests.browser import harness


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("yes", True), ("", False), ("false", False)],
)
def test_ci_is_recognised(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("CI", value)
    assert harness.in_ci() is expected


def test_a_missing_browser_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "CHROMIUM", harness.REPO / "no-such-chromium")
    assert any("Chromium" in tool for tool in harness.missing_tools())
