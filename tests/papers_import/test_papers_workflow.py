"""The weekly import workflow: the command with the repository's id, one pull
request on a fixed branch, never a push to main, least permissions."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "import-papers.yml"


def _load() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_it_runs_weekly_and_only_with_an_id_set() -> None:
    workflow = _load()
    (schedule,) = workflow[True]["schedule"]  # YAML 1.1 reads "on" as true
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday.isdigit()) == ("*", "*", True)
    find = workflow["jobs"]["find"]
    for variable in ("PAPERS_DBLP_PID", "PAPERS_ORCID_ID", "PAPERS_OPENALEX_ID"):
        assert f"vars.{variable} != ''" in find["if"]
    runs = _runs(find)
    for option in ("--dblp", "--orcid", "--openalex", "--pr-body"):
        assert option in runs
    assert "homepage-papers" in runs
    assert "sphinx -n -W" in runs  # the new entries build before any PR


def test_only_the_pull_request_job_may_write_and_it_runs_no_project_code() -> None:
    workflow = _load()
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["find"]["permissions"] == {"contents": "read"}
    writer = jobs["pull-request"]
    assert writer["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert writer["needs"] == "find"
    runs = _runs(writer)
    assert "pip install" not in runs
    assert not re.search(r"^\s*homepage-papers ", runs, re.MULTILINE)


def test_it_pushes_one_fixed_branch_never_main_and_uses_gh() -> None:
    workflow = _load()
    branch = workflow["env"]["BRANCH"]
    assert branch not in ("main", "master")
    runs = _runs(workflow["jobs"]["pull-request"])
    pushes = [line.strip() for line in runs.splitlines() if "git push" in line]
    assert pushes == ['git push --force origin "HEAD:refs/heads/$BRANCH"']
    assert "gh pr create" in runs
    assert "gh pr edit" in runs  # an open one is updated, not doubled
    # An owner's commit on the branch is never pushed over.
    assert re.search(r'git log -1 --format=%ae FETCH_HEAD\)" != "\$BOT"', runs)
    assert "git add docs/publications.bib" in runs
