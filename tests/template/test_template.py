"""The copier template (copier.yml, template/): a new homepage, and its updates.

Each generated site is built and tested by its own tests/ (which build it
under -n -W), with this venv's academic_site: no network. The update test
makes a temporary copy of the template a git repository, tags v1, generates
a site, edits its content, changes the template (v2) and updates.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest
import yaml
from copier import run_copy, run_update

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template"

#: Every feature on: a Chinese edition, citation figures from OpenAlex, the
#: CV PDF and the news.
ALL_ON = {
    "name": "Ada Lovelace",
    "native_name": "エイダ",
    "affiliation": "Analytical Engine Society",
    "chinese_edition": True,
    "canonical_url": "https://ada.example.org/",
    "openalex_id": "A123456789",
    "citation_figures": True,
    "cv_pdf": True,
    "news": True,
    "since": "2026",
}
#: Every feature off: English only, no citation source, no PDF, no news.
ALL_OFF = {
    "name": "Mary Somerville",
    "affiliation": "Somerville College",
    "canonical_url": "https://mary.example.org/",
    "cv_pdf": False,
    "news": False,
    "since": "2026",
}


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    done = subprocess.run(
        [*command, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout


def template_repository(root: Path) -> Path:
    """A copy of the template (copier.yml and template/) as a git repository
    tagged v1."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "copier.yml", root / "copier.yml")
    shutil.copytree(TEMPLATE, root / "template")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "v1")
    return root


def generate(template: Path, destination: Path, answers: dict) -> Path:
    run_copy(
        str(template),
        destination,
        data=answers,
        defaults=True,
        vcs_ref="v1",
        unsafe=False,
        quiet=True,
    )
    return destination


def run_own_tests(site: Path) -> subprocess.CompletedProcess:
    """The generated site's own suite (it builds the site -n -W first)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return template_repository(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def site_on(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(template, tmp_path_factory.mktemp("on") / "site", ALL_ON)


@pytest.fixture(scope="module")
def site_off(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(template, tmp_path_factory.mktemp("off") / "site", ALL_OFF)


def conf(site: Path) -> str:
    return (site / "docs" / "conf.py").read_text("utf-8")


# -- What the answers make (quick: no build) ---------------------------------


def test_every_feature_on_has_its_files_and_switches(site_on: Path) -> None:
    text = conf(site_on)
    assert 'homepage_editions = {"en": "", "zh_CN": "zh/"}' in text
    assert 'homepage_citations_file = "data/citations.yaml"' in text
    assert 'homepage_cv_pdf = "cv.pdf"' in text
    assert 'homepage_news_file = "data/news.yaml"' in text
    assert (site_on / "docs/data/news.yaml").is_file()
    assert (site_on / ".github/workflows/refresh-citations.yml").is_file()
    assert "A123456789" in (site_on / "docs/data/profile.yaml").read_text("utf-8")
    assert "エイダ" in (site_on / "docs/data/profile.yaml").read_text("utf-8")


def test_every_feature_off_leaves_no_trace(site_off: Path) -> None:
    text = conf(site_off)
    assert 'homepage_editions = {"en": ""}' in text
    assert 'homepage_citations_file = ""' in text
    assert 'homepage_cv_pdf = ""' in text
    assert 'homepage_news_file = ""' in text
    assert not (site_off / "docs/data/news.yaml").exists()
    assert not (site_off / ".github/workflows/refresh-citations.yml").exists()
    pages = "".join(p.read_text("utf-8") for p in (site_off / "docs").glob("*.md"))
    for trace in ("{news}", "{citation-chart}", "{citations}", "{cv-pdf-link}"):
        assert trace not in pages
    assert "native_name" not in (site_off / "docs/data/profile.yaml").read_text()


def test_the_answers_are_kept_for_updates(site_on: Path) -> None:
    answers = yaml.safe_load((site_on / ".copier-answers.yml").read_text("utf-8"))
    assert answers["_commit"] == "v1"
    assert {key: answers[key] for key in ALL_ON} == ALL_ON


def test_the_content_is_what_an_update_skips(site_on: Path) -> None:
    # Every file the owner edits (the pages, the data, the .bib) is one of
    # copier.yml's _skip_if_exists; the machinery is none of them.
    # (Matched as copier matches them: gitignore-style patterns, by pathspec.)
    settings = yaml.safe_load((REPO / "copier.yml").read_text("utf-8"))
    skipped = pathspec.PathSpec.from_lines("gitignore", settings["_skip_if_exists"])
    docs = site_on / "docs"
    content = [*docs.glob("*.md"), *docs.glob("data/*.yaml"), docs / "publications.bib"]
    for path in content:
        assert skipped.match_file(path.relative_to(site_on).as_posix()), path
    for machinery in ("docs/conf.py", "Makefile", "pyproject.toml", "tests/"):
        assert not skipped.match_file(machinery), machinery


def test_the_templates_and_stylesheet_are_this_sites_own() -> None:
    # The new site's furo overrides and stylesheet are docs/'s, kept in step.
    for name in (
        "_static/homepage.css",
        "_templates/page.html",
        "_templates/search.html",
        "_templates/sidebar/language-switch.html",
    ):
        assert filecmp.cmp(REPO / "docs" / name, TEMPLATE / "docs" / name, False), name


# -- Built and tested by its own suite (slow) --------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["site_on", "site_off"])
def test_the_generated_site_builds_and_passes_its_own_tests(
    which: str, request: pytest.FixtureRequest
) -> None:
    site = request.getfixturevalue(which)
    done = run_own_tests(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout


#: conf.py's one switch of each optional feature, turned off after the fact.
SWITCHED_OFF = """
homepage_news_file = ""
homepage_feed_file = ""
homepage_citations_file = ""
homepage_cv_pdf = ""
homepage_editions = {"en": ""}
"""


@pytest.mark.slow
def test_each_feature_turned_off_by_its_switch_alone_leaves_no_trace(
    template: Path, tmp_path: Path
) -> None:
    # The pages still hold the news list, the citation chart and phrase and
    # the PDF link: the switches alone turn them off, with their headings.
    site = generate(template, tmp_path / "site", ALL_ON)
    (site / "docs/data/citations.yaml").write_text(
        'source: "OpenAlex"\nprofile: "https://openalex.org/authors/A123456789"\n'
        "date: 2026-05-24\ntotal: 12\nper_year:\n  2026: 12\n",
        "utf-8",
    )
    with (site / "docs/conf.py").open("a", encoding="utf-8") as conf_py:
        conf_py.write(SWITCHED_OFF)
    out = tmp_path / "html"
    build = [sys.executable, "-m", "sphinx", "-n", "-W", "-q", "-b", "html"]
    subprocess.run([*build, str(site / "docs"), str(out)], check=True)
    home = (out / "index.html").read_text("utf-8")
    publications = (out / "publications.html").read_text("utf-8")
    assert "News" not in home
    assert "citations-phrase" not in home
    assert "sidebar-language-switch" not in home
    assert "Citations per year" not in publications
    assert 'href="cv.pdf"' not in (out / "cv.html").read_text("utf-8")
    assert not (out / "news.xml").exists()
    assert not (out / "cv.pdf").exists()
    done = run_own_tests(site)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_an_update_brings_the_template_change_and_keeps_the_content(
    tmp_path: Path,
) -> None:
    template = template_repository(tmp_path / "template")
    site = generate(template, tmp_path / "site", ALL_ON)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "generated")

    # The owner's content: a news item and a paper.
    news = site / "docs/data/news.yaml"
    news.write_text(
        news.read_text("utf-8").replace(
            "- date:", '- date: "2026-05"\n  text: A second paper.\n- date:', 1
        ),
        "utf-8",
    )
    bib = site / "docs/publications.bib"
    with bib.open("a", encoding="utf-8") as file:
        file.write(
            "\n@misc{lovelace2026second,\n  title = {A Second Paper},\n"
            "  author = {Lovelace, Ada},\n  year = {2026}\n}\n"
        )
    git(site, "commit", "-q", "-am", "a news item and a paper")
    edited = {path: path.read_bytes() for path in (news, bib)}

    # v2 of the template: a machinery change, and a change of the starter
    # content that must not reach a site that has its own.
    makefile = template / "template" / "Makefile"
    makefile.write_text(makefile.read_text("utf-8") + "# v2\n", "utf-8")
    starter = next((template / "template" / "docs" / "data").glob("*news.yaml*"))
    starter.write_text(starter.read_text("utf-8").replace("online", "up"), "utf-8")
    git(template, "commit", "-q", "-am", "v2")
    git(template, "tag", "v2")

    run_update(
        site, defaults=True, overwrite=True, vcs_ref="v2", unsafe=False, quiet=True
    )

    assert (site / "Makefile").read_text("utf-8").endswith("# v2\n")
    assert {path: path.read_bytes() for path in edited} == edited
    answers = yaml.safe_load((site / ".copier-answers.yml").read_text("utf-8"))
    assert answers["_commit"] == "v2"
    assert not list(site.rglob("*.rej"))
    status = git(site, "status", "--porcelain").split("\n")
    assert sorted(line[3:] for line in status if line) == [
        ".copier-answers.yml",
        "Makefile",
    ]
    done = run_own_tests(site)
    assert done.returncode == 0, done.stdout + done.stderr
