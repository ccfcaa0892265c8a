"""The CV page and its PDF (academic_site.sources.cv, .cv_pdf) on the test-cv root."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from academic_site.outputs import cv_pdf
from tests.helpers import SiteBuild, build_root, build_site, copy_root
from tests.pdf import Pdf, markdown_plain, render_first_page, squash

ROOT = Path(__file__).parent.parent / "roots" / "test-cv"
CV = yaml.safe_load((ROOT / "data" / "cv.yaml").read_text("utf-8"))
PROFILE = yaml.safe_load((ROOT / "data" / "profile.yaml").read_text("utf-8"))

Build = Callable[..., tuple[SphinxTestApp, str]]


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Build:
    """Copy the root, apply *files* over it, build it; the app and its warnings."""

    def build(files: dict[str, str | None] | None = None, **confoverrides):
        app = build_root(make_app, ROOT, tmp_path / "src", files, **confoverrides)
        return app, strip_colors(app.warning.getvalue())

    return build


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory, no_network: None) -> SiteBuild:
    return build_site(ROOT, tmp_path_factory.mktemp("cv-en"))


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory, no_network: None) -> SiteBuild:
    return build_site(ROOT, tmp_path_factory.mktemp("cv-zh"), language="zh_CN")


def _page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text("utf-8"), "html.parser")


def _main(outdir: Path, name: str) -> BeautifulSoup:
    """The page's body text (the root uses Sphinx's default theme)."""
    return _page(outdir, name).select_one("div.body")


def _items():
    for section in CV:
        for item in section["items"]:
            yield section, item


# -- The page -------------------------------------------------------------------


def test_builds_clean(english: SiteBuild, chinese: SiteBuild) -> None:
    assert (english.status, english.warnings) == (0, "")
    assert (chinese.status, chinese.warnings) == (0, "")


def test_the_page_has_every_section_and_item_of_the_data(english: SiteBuild) -> None:
    article = _main(english.outdir, "cv.html")
    headings = [squash(h.get_text()).rstrip("¶ ") for h in article.find_all("h2")]
    assert headings == [section["title"] for section in CV]
    items = [squash(li.get_text()) for li in article.select("li.cv-item")]
    expected = []
    for _section, item in _items():
        leads = [item[key] for key in ("dates", "title") if key in item]
        expected.append(
            "".join(f"{lead}: " for lead in leads) + markdown_plain(item["text"])
        )
    assert items == expected


def test_data_text_stays_text_on_the_page(english: SiteBuild) -> None:
    article = _main(english.outdir, "cv.html")
    assert article.find("b") is None  # `<b>tags</b>` in the data
    assert "<b>tags</b>" in article.get_text()


def test_section_anchors_are_those_of_markdown_headings(english: SiteBuild) -> None:
    article = _main(english.outdir, "cv.html")
    ids = [section["id"] for section in article.select("section section")]
    assert ids == ["research-experience", "honours"]


def test_the_chinese_page_translates_through_the_page_catalog(
    chinese: SiteBuild,
) -> None:
    text = squash(_main(chinese.outdir, "cv.html").get_text())
    assert "荣誉" in text
    assert "1842.01–至今：" in text  # noqa: RUF001 - the full-width colon is Chinese
    assert "第一个程序，见笔记。" in text  # noqa: RUF001


@pytest.mark.parametrize("page", ["cv.html", "index.html"])
def test_both_pages_link_the_edition_s_own_pdf(
    english: SiteBuild, chinese: SiteBuild, page: str
) -> None:
    for edition, label in ((english, "CV (PDF)"), (chinese, "简历（PDF）")):  # noqa: RUF001
        link = _page(edition.outdir, page).select_one("a.cv-pdf-link")
        assert link.get_text() == label
        assert (edition.outdir / link["href"]).is_file()
    card = _page(english.outdir, "index.html").select_one(".profile-card")
    assert card.select_one(".profile-contacts a.cv-pdf-link") is not None


def test_without_a_cv_file_there_is_no_pdf_and_no_link(build: Build) -> None:
    app, warnings = build({"data/cv.yaml": None, "cv.md": "# CV\n"})
    assert warnings == ""
    assert not (app.outdir / "cv.pdf").exists()
    assert "cv-pdf-link" not in (app.outdir / "index.html").read_text("utf-8")


def test_an_empty_pdf_name_turns_the_pdf_off(build: Build) -> None:
    app, warnings = build(homepage_cv_pdf="")
    assert warnings == ""
    assert not (app.outdir / "cv.pdf").exists()
    assert "cv-pdf-link" not in (app.outdir / "cv.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- title: A\n  items: [\n", 3, "invalid YAML"),
        ("- title: A\n  items:\n    - text: x\n      place: y\n", 4, "unknown field"),
        (
            "- title: A\n  items:\n    - dates: 2020\n",
            3,
            "missing required field 'text'",
        ),
        ("- title: A\n  items: []\n", 1, "'items' must be a non-empty list"),
        ("title: A\n", 1, "must be a list of sections"),
    ],
)
def test_bad_data_is_one_warning_naming_file_and_line(
    build: Build, text: str, line: int, message: str
) -> None:
    app, warnings = build({"data/cv.yaml": text})
    lines = [w for w in warnings.splitlines() if w.strip()]
    assert len(lines) == 1, warnings
    assert f"cv.yaml:{line}" in lines[0]
    assert message in lines[0]
    assert lines[0].endswith("[homepage.cv]")
    assert "Traceback" not in warnings
    # The rest of the site is there; the PDF is not written from bad data.
    assert (app.outdir / "notes.html").is_file()
    assert not (app.outdir / "cv.pdf").exists()


# -- The PDF --------------------------------------------------------------------


def _pdf(edition: SiteBuild) -> Pdf:
    return Pdf(edition.outdir / "cv.pdf")


def test_the_pdf_has_the_profile_every_item_and_every_paper(
    english: SiteBuild,
) -> None:
    text = _pdf(english).text
    for fact in (
        PROFILE["name"],
        PROFILE["native_name"],
        PROFILE["affiliation"],
        PROFILE["email"],
    ):
        assert fact in text
    for section, item in _items():
        assert section["title"] in text
        assert markdown_plain(item["text"]) in text
        for key in ("dates", "title"):
            if key in item:
                assert item[key] in text
    for title in re.findall(r"title\s*=\s*\{(.+)\},", (ROOT / "refs.bib").read_text()):
        assert title in text
    assert "Translated from the French." in text  # the paper's status
    assert "indicates equal contribution." in text


def test_long_author_lists_are_shortened_but_keep_the_owner(english: SiteBuild) -> None:
    text = _pdf(english).text
    assert "Six, F., …, Lovelace, A., & Twelve, L. (1850)." in text
    assert "Seven, G." not in text


def test_the_owner_is_bold_and_equal_contributors_marked(english: SiteBuild) -> None:
    runs = _pdf(english).runs()
    owner = [font for text, font in runs if "Lovelace, A." in text]
    other = [font for text, font in runs if "Babbage, C." in text]
    assert owner
    assert all("Bold" in font for font in owner)
    assert other
    assert not any("Bold" in font for font in other)
    assert re.search(r"Babbage, C\.\s*\*, Lovelace, A\.\s*\*", _pdf(english).text)


def test_the_pdf_links_contacts_items_and_paper_pages(english: SiteBuild) -> None:
    links = _pdf(english).links
    assert "mailto:" + PROFILE["email"] in links
    for link in PROFILE["links"]:
        assert link["url"] in links
    assert "https://example.org/memoir" in links
    # Links between pages become the site's addresses.
    assert "https://ada.example.org/notes.html" in links
    assert "https://ada.example.org/papers/lovelace1843notes.html" in links
    assert all(link.startswith(("https://", "mailto:")) for link in links)


def test_each_edition_links_its_own_pages(chinese: SiteBuild) -> None:
    assert "https://ada.example.org/zh/notes.html" in _pdf(chinese).links


def test_metadata_title_author_subject_language(
    english: SiteBuild, chinese: SiteBuild
) -> None:
    meta = _pdf(english).reader.metadata
    assert meta.title == "Ada Lovelace — CV"
    assert meta.author.startswith("Ada Lovelace")
    assert meta.subject == "Curriculum vitae of Ada Lovelace"
    assert _pdf(english).language == "en"
    zh = _pdf(chinese).reader.metadata
    assert zh.title == "艾达 — 简历"
    assert zh.author.startswith("艾达")
    assert _pdf(chinese).language == "zh-CN"


def test_the_chinese_pdf_is_translated(chinese: SiteBuild) -> None:
    text = _pdf(chinese).text
    for phrase in ("艾达", "分析机学会", "荣誉", "第一个程序，见笔记。", "论文"):  # noqa: RUF001
        assert phrase in text
    assert "1842.01–至今" in text  # noqa: RUF001 - the data's en dash
    assert "Honours" not in text


def test_every_font_is_embedded_and_the_cjk_one_is_there(
    english: SiteBuild, chinese: SiteBuild
) -> None:
    for edition in (english, chinese):
        fonts = _pdf(edition).fonts()
        assert fonts
        assert all(fonts.values()), fonts
        assert any("NotoSansSC" in name for name in fonts)


def test_one_or_two_pages(english: SiteBuild, chinese: SiteBuild) -> None:
    for edition in (english, chinese):
        assert 1 <= len(_pdf(edition).reader.pages) <= 2


@pytest.mark.slow  # builds the root a second time
def test_two_builds_give_the_same_bytes(
    english: SiteBuild, tmp_path: Path, no_network: None
) -> None:
    again = build_site(ROOT, tmp_path / "again")
    assert (again.outdir / "cv.pdf").read_bytes() == (
        english.outdir / "cv.pdf"
    ).read_bytes()


def test_source_date_epoch_sets_the_creation_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    dated = build_site(ROOT, tmp_path / "dated")
    meta = Pdf(dated.outdir / "cv.pdf").reader.metadata
    assert meta.creation_date.date().isoformat() == "2023-11-14"


def test_page_one_renders_with_the_header_on_top(
    english: SiteBuild, chinese: SiteBuild, tmp_path: Path
) -> None:
    for name, edition in (("en", english), ("zh", chinese)):
        png, rows = render_first_page(edition.outdir / "cv.pdf", tmp_path / name)
        assert png.stat().st_size > 0
        ink = [sum(pixel < 128 for pixel in row) for row in rows]
        height = len(rows)
        # The name and contacts are in the top tenth; lines of text follow;
        # the page is mostly paper, not a black box.
        assert sum(ink[: height // 10]) > 0
        assert sum(1 for count in ink[: height // 2] if count) > height // 20
        assert sum(ink) < 0.2 * height * len(rows[0])


# -- Rebuilds ----------------------------------------------------------------------


def _later(path: Path) -> None:
    # Later than anything the last build saw, whatever the clock's grain.
    later = path.stat().st_mtime + 10
    os.utime(path, (later, later))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the data is gathered and typeset (the real functions run)."""
    calls = {"gathered": 0, "typeset": 0}

    def counting(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object) -> object:
            calls[name] += 1
            return function(*args)

        return run

    monkeypatch.setattr(cv_pdf, "pdf_data", counting("gathered", cv_pdf.pdf_data))
    monkeypatch.setattr(cv_pdf, "compile_pdf", counting("typeset", cv_pdf.compile_pdf))
    return calls


@pytest.mark.slow  # builds a root three times
def test_a_rebuild_without_changes_does_not_make_the_pdf_again(
    tmp_path: Path, counted: dict[str, int], no_network: None
) -> None:
    srcdir = copy_root(ROOT, tmp_path / "src", None)
    build_site(srcdir, tmp_path)
    pdf = tmp_path / "html" / "cv.pdf"
    assert counted == {"gathered": 1, "typeset": 1}
    written = pdf.stat().st_mtime_ns
    again = build_site(srcdir, tmp_path)
    assert again.warnings == ""
    assert counted == {"gathered": 1, "typeset": 1}
    assert pdf.stat().st_mtime_ns == written
    pdf.unlink()  # an output removed by hand is made again
    build_site(srcdir, tmp_path)
    assert pdf.is_file()
    assert counted == {"gathered": 2, "typeset": 2}


@pytest.mark.slow  # builds a root three times
def test_an_edit_of_the_cv_makes_the_pdf_again_and_a_touch_does_not(
    tmp_path: Path, counted: dict[str, int], no_network: None
) -> None:
    srcdir = copy_root(ROOT, tmp_path / "src", None)
    build_site(srcdir, tmp_path)
    data = srcdir / "data" / "cv.yaml"
    _later(data)  # the same text: gathered again, not typeset again
    build_site(srcdir, tmp_path)
    assert counted == {"gathered": 2, "typeset": 1}
    data.write_text(
        data.read_text("utf-8").replace("Letters with", "Many letters with"), "utf-8"
    )
    _later(data)
    build_site(srcdir, tmp_path)
    assert counted == {"gathered": 3, "typeset": 2}
    assert "Many letters with" in squash(Pdf(tmp_path / "html" / "cv.pdf").text)


def test_the_pdf_link_works_from_directory_urls_too(
    tmp_path: Path, no_network: None
) -> None:
    site = build_site(ROOT, tmp_path, builder="dirhtml")
    assert site.warnings == ""
    for page in ("cv/index.html", "index.html"):
        link = site.page(page).select_one("a.cv-pdf-link")
        target = (site.outdir / page).parent / link["href"]
        assert target.resolve() == (site.outdir / "cv.pdf").resolve()
        assert target.is_file()


# -- Typesetting: in a process of its own, on every OS ------------------------------
#
# Typst never loads in Sphinx's process, so these run in the test process; the
# child inherits its environment, and PYTHONPATH puts a stand-in for the typst
# package before the real one.

REPO = Path(__file__).parent.parent.parent


def _in_new_python(code: str) -> str:
    """Run *code* (the repository importable) in a new interpreter: its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def stand_in_typst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Give the typesetting child a ``typst`` module with the given source."""

    def install(source: str) -> None:
        package = tmp_path / "stand-in" / "typst"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(textwrap.dedent(source), "utf-8")
        path = os.pathsep.join(
            filter(None, [str(package.parent), os.environ.get("PYTHONPATH")])
        )
        monkeypatch.setenv("PYTHONPATH", path)

    return install


def _outcome() -> str:
    """What ``compile_pdf`` gives: ``PDF`` or the error's text."""
    try:
        pdf = cv_pdf.compile_pdf("{}")
    except cv_pdf.TypesettingError as error:
        return str(error)
    return "PDF" if pdf.startswith(b"%PDF-") else "not a PDF"


def test_typst_runs_in_a_child_and_the_pdf_is_what_it_would_be_here(
    tmp_path: Path,
) -> None:
    out = _in_new_python(
        f"""
        import json, sys
        from pathlib import Path
        from academic_site.outputs import cv_pdf, typeset
        from tests.helpers import build_site
        payloads = []
        compile_pdf = cv_pdf.compile_pdf
        cv_pdf.compile_pdf = lambda data: payloads.append(data) or compile_pdf(data)
        site = build_site(Path({str(ROOT)!r}), Path({str(tmp_path)!r}))
        loaded = "typst" in sys.modules
        here = typeset.typeset(str(cv_pdf.TEMPLATE), cv_pdf.font_dirs(), payloads[0])
        written = (site.outdir / "cv.pdf").read_bytes()
        print(json.dumps([site.warnings, loaded, here == written, len(payloads)]))
        """
    )
    warnings, typst_loaded, same, typeset = json.loads(out)
    assert warnings == ""
    assert typeset == 1
    assert not typst_loaded  # Sphinx's process never loaded Typst
    assert same  # byte for byte the PDF typeset in this process


def test_a_typst_error_is_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "cv.typ"
    broken.write_text('#panic("the layout is broken")', "utf-8")
    monkeypatch.setattr(cv_pdf, "TEMPLATE", broken)
    # Typst 0.14 quotes the panic's text, 0.15 does not.
    assert _outcome().replace('"', "") == "panicked with: the layout is broken"


def test_without_typst_the_error_says_what_to_install(stand_in_typst) -> None:
    stand_in_typst("raise ImportError(\"No module named 'typst'\")")
    outcome = _outcome()
    assert outcome.endswith("(install the project's dependencies)")
    assert "typst" in outcome


def test_a_typesetter_killed_midway_is_an_error_not_a_hang(stand_in_typst) -> None:
    stand_in_typst(
        """
        import os, signal
        def compile(*args, **kwargs):
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        """
    )
    outcome = _outcome()
    if sys.platform == "win32":  # TerminateProcess: an exit status, no signal
        assert outcome.startswith("the typesetting process ended without a PDF")
    else:
        assert outcome == "the typesetting process was killed (signal 9)"


def test_a_crashing_typesetter_says_how_it_ended(stand_in_typst) -> None:
    stand_in_typst("def compile(*args, **kwargs):\n    raise SystemExit('out of ink')")
    assert _outcome() == (
        "the typesetting process ended without a PDF (exit status 1: out of ink)"
    )


def test_a_typesetting_error_is_one_warning_and_the_pages_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    broken = tmp_path / "cv.typ"
    broken.write_text('#panic("the layout is broken")', "utf-8")
    monkeypatch.setattr(cv_pdf, "TEMPLATE", broken)
    site = build_site(ROOT, tmp_path)  # -W
    lines = [
        line.replace('"', "")  # Typst 0.14 quotes the panic's text
        for line in strip_colors(site.warnings).splitlines()
        if "WARNING" in line
    ]
    assert lines == [
        "WARNING: cannot write the CV as PDF: panicked with: the layout is broken"
        " [homepage.cv-pdf]"
    ]
    assert not (site.outdir / "cv.pdf").is_file()
    assert (site.outdir / "cv.html").is_file()
    assert site.status == 1  # the -W build fails
