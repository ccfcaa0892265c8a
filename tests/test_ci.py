"""The forge's CI workflow runs the README's test command on every change."""

from __future__ import annotations

import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def test_ci_runs_make_test_on_every_push_and_pull_request() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert {"push", "pull_request", "workflow_call"} <= set(triggers)
    assert triggers["push"] is None  # every branch
    (job,) = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "make test" in runs


def test_ci_caches_the_venv_and_the_npm_tools_on_their_lock_files() -> None:
    (job,) = _workflow()["jobs"].values()
    caches = {
        step["with"]["path"]: step["with"]["key"]
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/cache@")
    }
    assert "requirements/dev.txt" in caches[".venv"]
    assert "package-lock.json" in caches["node_modules"]
