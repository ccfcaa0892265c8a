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


def test_the_tests_of_one_walk_share_one_worker(request: pytest.FixtureRequest) -> None:
    """Every collected test of a walk is scheduled with its device's walk,
    whatever else it is parametrized with; every other test with its module."""
    from tests.conftest import walk_scope

    scopes = {}
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        preset = callspec.params.get("visits") if callspec else None
        if preset is not None:
            scopes[item.nodeid] = (walk_scope(item.nodeid), preset.device.name)
    for nodeid, (scope, device) in scopes.items():
        assert scope == f"browser-{device}", nodeid
    assert walk_scope("tests/browser/test_behaviour.py::test_search") is None
    assert walk_scope("tests/site/test_x.py::test_y[desktop-1280-light]") is None
    assert (
        walk_scope(
            "tests/browser/test_hosted.py::test_every[api-absent-phone-360-dark]"
        )
        == "browser-phone"
    )
