"""The forge's CI workflows: the README's test command on every change, every
OS and Python, the lowest and newest dependencies, pinned actions."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "ci.yml"


def _workflow(path: Path = WORKFLOW) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_ci_runs_make_test_on_every_push_and_pull_request() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert {"push", "pull_request", "workflow_call"} <= set(triggers)
    assert triggers["push"] is None  # every branch
    assert "make test" in _runs(workflow["jobs"]["test"])


def test_ci_caches_the_venv_and_the_npm_tools_on_their_lock_files() -> None:
    job = _workflow()["jobs"]["test"]
    caches = {
        step["with"]["path"]: step["with"]["key"]
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/cache@")
    }
    assert "requirements/dev.txt" in caches[".venv"]
    assert "package-lock.json" in caches["node_modules"]


def test_every_os_and_python_builds_and_runs_the_fast_tests() -> None:
    jobs = _workflow()["jobs"]
    matrix = jobs["matrix"]["strategy"]["matrix"]
    systems = {re.sub(r"-.*", "", name) for name in matrix["os"]}
    assert systems == {"ubuntu", "macos", "windows"}
    assert set(matrix["python"]) == {"3.12", "3.13", "3.14"}
    # The one combination left out is the full job's.
    (left_out,) = matrix["exclude"]
    full_job = jobs["test"]
    assert left_out["os"] == full_job["runs-on"]
    python = next(
        step["with"]["python-version"]
        for step in full_job["steps"]
        if step.get("uses", "").startswith("actions/setup-python@")
    )
    assert left_out["python"] == python
    runs = _runs(jobs["matrix"])
    assert "python tools/site.py build" in runs
    assert "python tools/site.py check" in runs


def test_the_lowest_and_the_newest_versions_are_built_and_tested() -> None:
    assert "python tools/site.py lowest" in _runs(_workflow()["jobs"]["lowest"])
    newest = _workflow(WORKFLOWS / "newest.yml")
    assert "schedule" in newest[True]
    runs = list(itertools.chain(*map(_runs, newest["jobs"].values())))
    assert any("python tools/site.py newest" in run for run in runs)
    assert any("gh issue" in run for run in runs)  # a failure is reported


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit(path: Path) -> None:
    for line in path.read_text("utf-8").splitlines():
        match = re.search(r"uses:\s*([^\s#]+)", line)
        if match and not match[1].startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match[1]), line
            assert re.search(r"# v\d", line), f"no version comment: {line}"


def test_dependabot_keeps_pip_and_the_actions_current() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems == {"pip", "github-actions"}


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_checkout_drops_its_token_unless_its_job_pushes(path: Path) -> None:
    workflow = _workflow(path)
    assert "permissions" in workflow  # a default for every job, least by default
    for name, job in workflow["jobs"].items():
        pushes = (
            any("git push" in run for run in _runs(job)) if "steps" in job else False
        )
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                keeps = step.get("with", {}).get("persist-credentials")
                assert keeps is pushes, f"{name}: persist-credentials {keeps}"
