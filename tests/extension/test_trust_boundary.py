"""Data and translations are inline text: no item can read a file or add HTML.

A canary file lies outside the source folder; news items and translated
messages try to publish it (``{download}``, an image, ``{include}``,
``{literalinclude}``) or to add raw HTML. Each is one warning at its file and
line, the text is shown as plain text (a translation: the English text), and
no output holds the canary or the HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from academic_site.site.inline import refusal
from tests.helpers import SiteBuild, build_site, copy_root

ROOT = Path(__file__).parent.parent / "roots" / "test-boundary"
CANARY = "CANARY-5f0e1d"

#: Text that reads a file, runs a script or needs a third-party script.
HOSTILE_INLINE = (
    "{download}`../canary.txt`",
    "![x](../canary.txt)",
    "<img src=x onerror=alert(1)>",
    "{math}`x^2`",
    "[a](http://example.org/)",
)
#: Block markup a translation could use to read the canary.
HOSTILE_BLOCKS = (
    "```{include} ../canary.txt\n```",
    "```{literalinclude} ../canary.txt\n```",
    ":::{include} ../canary.txt\n:::",
)


@pytest.mark.parametrize("text", HOSTILE_INLINE + HOSTILE_BLOCKS)
def test_markup_beyond_inline_text_is_refused(text: str) -> None:
    assert refusal(text, frozenset({"colon_fence"})) is not None


@pytest.mark.parametrize(
    "text",
    [
        "*a* **b** `c`",
        "[d](https://e.org/)",
        "[f](index.md)",
        "mail [g](mailto:g@h.org)",
    ],
)
def test_inline_text_is_kept(text: str) -> None:
    assert refusal(text) is None


def test_a_translation_may_repeat_what_its_source_uses() -> None:
    assert refusal("见 {doc}`x`", source="see {doc}`x`") is None
    assert refusal("{doc}`x` {doc}`y`", source="see {doc}`x`") is not None


def _news() -> str:
    items = [
        {"date": f"2024-01-{day:02d}", "text": f"item {day} {text}"}
        for day, text in zip(range(28, 0, -1), HOSTILE_INLINE, strict=False)
    ]
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False)


def _catalog() -> str:
    entries = {
        "A paragraph to translate.": HOSTILE_BLOCKS[0],
        "See the [other page](index.md) for more.": (
            "见[页面](index.md) <b onclick=alert(1)>x</b>"
        ),
        "Home": "主页",
    }
    return _po(entries)


def _po(entries: dict[str, str]) -> str:
    body = "".join(
        f"\nmsgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n"
        for msgid, msgstr in entries.items()
    )
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + body


def _quote(text: str) -> str:
    return (
        '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    )


@pytest.fixture(scope="module", params=["en", "zh_CN"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> SiteBuild:
    workdir = tmp_path_factory.mktemp("boundary")
    (workdir / "canary.txt").write_text(CANARY, encoding="utf-8")
    srcdir = copy_root(ROOT, workdir / "src", None)
    (srcdir / "data" / "news.yaml").write_text(_news(), encoding="utf-8")
    po = srcdir / "locales" / "zh_CN" / "LC_MESSAGES" / "index.po"
    po.parent.mkdir(parents=True)
    po.write_text(_catalog(), encoding="utf-8")
    return build_site(
        srcdir, workdir, warnings_are_errors=False, language=request.param
    )


def _outputs(build: SiteBuild) -> list[Path]:
    return [path for path in build.outdir.rglob("*") if path.is_file()]


def test_no_output_holds_the_canary(built: SiteBuild) -> None:
    for path in _outputs(built):
        assert CANARY.encode() not in path.read_bytes(), path


def test_each_refused_item_is_one_warning_at_its_line(built: SiteBuild) -> None:
    lines = [line for line in built.warnings.splitlines() if "WARNING" in line]
    news = [line for line in lines if "news.yaml:" in line]
    assert len(news) == len(HOSTILE_INLINE), built.warnings
    assert all("[homepage.news]" in line for line in news)
    catalog = [line for line in lines if "index.po:" in line]
    translated = '<html lang="zh' in (built.outdir / "index.html").read_text("utf-8")
    # The block that reads the canary and the HTML: the heading's is kept.
    assert len(catalog) == (2 if translated else 0), built.warnings
    assert all("[homepage.markup]" in line for line in catalog)
    assert len(lines) == len(news) + len(catalog), built.warnings


def test_the_page_holds_no_added_html(built: SiteBuild) -> None:
    page = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html5lib")
    assert page.find(attrs={"onerror": True}) is None
    assert page.find(attrs={"onclick": True}) is None
    body = page.find("article") or page
    assert not body.find_all("img")
    assert not body.find_all("pre")
    assert not [
        a
        for a in body.find_all("a")
        if a.get("href", "").startswith(("javascript:", "http:"))
    ]
    # Each refused item is there, as its text.
    assert "{download}`../canary.txt`" in body.get_text()


#: A page that names files to publish: outside the tree, through a symlink,
#: an SVG with a script, and one harmless file of its own.
FILES_PAGE = """---
orphan: true
---

# Files

{download}`outside <../../canary.txt>` and {download}`linked <linked.txt>`
and {download}`script <javascript:alert(1)>` and {download}`own <own.txt>`.

![svg](active.svg)

![linked](linked.png)
"""


@pytest.fixture(scope="module")
def files_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    workdir = tmp_path_factory.mktemp("files")
    (workdir / "canary.txt").write_text(CANARY, encoding="utf-8")
    srcdir = copy_root(ROOT, workdir / "src", {"files.md": FILES_PAGE})
    (srcdir / "own.txt").write_text("own", encoding="utf-8")
    (srcdir / "active.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        encoding="utf-8",
    )
    try:
        (srcdir / "linked.txt").symlink_to(workdir / "canary.txt")
        (srcdir / "linked.png").symlink_to(workdir / "canary.txt")
    except OSError:  # (Windows without the right to make symlinks)
        pytest.skip("cannot make symlinks here")
    return build_site(srcdir, workdir, warnings_are_errors=False)


def test_no_file_from_outside_is_published(files_build: SiteBuild) -> None:
    for path in _outputs(files_build):
        assert CANARY.encode() not in path.read_bytes(), path
        assert path.suffix != ".svg" or b"<script" not in path.read_bytes(), path
    # The page's own file is published as before.
    assert list(files_build.outdir.glob("_downloads/*/own.txt"))


def test_each_refused_file_is_one_warning_at_the_page(files_build: SiteBuild) -> None:
    lines = [
        line for line in files_build.warnings.splitlines() if "[homepage.files]" in line
    ]
    assert len(lines) == 5, files_build.warnings
    assert all("files.md:" in line for line in lines)
    page = BeautifulSoup(
        (files_build.outdir / "files.html").read_text("utf-8"), "html5lib"
    )
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert not [href for href in hrefs if href.startswith("javascript:")]


@pytest.mark.parametrize(
    ("date", "message"),
    [("2023-02-31", "not a day of the calendar"), ("2999-01", "in the future")],
)
def test_an_impossible_or_future_news_date_is_refused(
    tmp_path: Path, date: str, message: str
) -> None:
    from academic_site.sources.news import read_news

    path = tmp_path / "news.yaml"
    path.write_text(
        f'- date: "{date}"\n  text: Later.\n- date: "2020"\n  text: Kept.\n',
        encoding="utf-8",
    )
    loaded = read_news(path)
    assert [item.text for item in loaded.value] == ["Kept."]
    assert len(loaded.problems) == 1
    assert message in loaded.problems[0].message
    assert loaded.problems[0].line == 1


def test_a_broken_extension_message_is_left_out_at_its_line(tmp_path: Path) -> None:
    from academic_site.site.catalogs import read_catalog
    from academic_site.site.i18n import extension_message_problem

    path = tmp_path / "academic_site.po"
    path.write_text(
        _po(
            {
                "Cited by {count}": "被引用 {cnt} 次",
                "Source: {source}": "来源 {source",
                "Email: ": "<img src=x onerror=alert(1)>",
                "CV (PDF)": "简历 PDF",
            }
        ),
        encoding="utf-8",
    )
    catalog = read_catalog(path, "zh_CN", "academic_site", extension_message_problem)
    assert [message.id for message in catalog if message.id] == ["CV (PDF)"]


def test_keys_that_slug_alike_get_distinct_pages() -> None:
    from types import SimpleNamespace

    from academic_site.outputs.paper_pages import paper_pagename

    config = SimpleNamespace(homepage_papers_dir="papers")
    names = {paper_pagename(config, key) for key in ("müller2023x", "möller2023x")}
    assert len(names) == 2
    # A key a page name can keep is its own name, as before.
    assert paper_pagename(config, "huang2024locret") == "papers/huang2024locret"
    # So does an ASCII key with characters a page name cannot keep.
    assert (
        paper_pagename(config, "DBLP:conf/nips/HuangH24")
        == "papers/DBLP-conf-nips-HuangH24"
    )


def test_news_is_checked_as_the_projects_parser_reads_it(tmp_path: Path) -> None:
    # With dollarmath on, "$x$" is math, which would load MathJax from its CDN:
    # the check must use the extensions the news list is parsed with.
    srcdir = copy_root(ROOT, tmp_path / "src", None)
    (srcdir / "data" / "news.yaml").write_text(
        '- date: "2024"\n  text: Only $x^2$ here.\n', encoding="utf-8"
    )
    build = build_site(
        srcdir,
        tmp_path,
        warnings_are_errors=False,
        myst_enable_extensions=["colon_fence", "dollarmath"],
    )
    news = [line for line in build.warnings.splitlines() if "news.yaml:1" in line]
    assert len(news) == 1, build.warnings
    assert "math_inline" in news[0]
    page = (build.outdir / "index.html").read_text("utf-8")
    assert not re.search(r"<script[^>]*mathjax", page, re.IGNORECASE)
    assert 'class="math' not in page


#: The theme's interface strings (sphinx.po), translated to add markup: the
#: templates print them unescaped, in element text and in attributes.
HOSTILE_INTERFACE = {
    "Back to top": "<img src=x onerror=alert(1)>",
    "Search": 'x" onfocus="alert(1)',
    "Home": "```{include} ../canary.txt\n```",
    "Next": "[x](javascript:alert(1))",
    "On this page": "本页目录",
}

#: A page catalog babel reads wrong without a word, or not at all: a header
#: it cannot read, an unterminated string, an escape gettext lacks, a form
#: feed and an ESC, a line that is no keyword. (msgid, msgstr as written)
MALFORMED_CATALOG = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=x; plural=(\\n"\n'
    '\nmsgid "A paragraph to translate."\nmsgstr "一段\n'
    '\nmsgid "See the [other page](index.md) for more."\nmsgstr "见\\q"\n'
    '\nmsgid "News"\nmsgstr "新\x0c闻\x1b"\n'
    '\nmsgid "Home"\nnot a keyword\nmsgstr "主页"\n'
)


@pytest.fixture(scope="module")
def catalog_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    workdir = tmp_path_factory.mktemp("catalogs")
    (workdir / "canary.txt").write_text(CANARY, encoding="utf-8")
    srcdir = copy_root(ROOT, workdir / "src", None)
    messages = srcdir / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "sphinx.po").write_text(_po(HOSTILE_INTERFACE), encoding="utf-8")
    (messages / "index.po").write_text(MALFORMED_CATALOG, encoding="utf-8")
    return build_site(
        srcdir, workdir, warnings_are_errors=False, language="zh_CN", html_theme="furo"
    )


def test_a_hostile_interface_string_adds_no_markup(catalog_build: SiteBuild) -> None:
    for path in _outputs(catalog_build):
        assert CANARY.encode() not in path.read_bytes(), path
    for path in catalog_build.outdir.glob("*.html"):
        page = BeautifulSoup(path.read_text("utf-8"), "html5lib")
        assert not page.find_all(attrs={"onerror": True}), path
        assert not page.find_all(attrs={"onfocus": True}), path
        hrefs = [a.get("href", "") for a in page.find_all("a")]
        assert not [href for href in hrefs if href.startswith("javascript:")], path
    # The harmless translation is used.
    assert "本页目录" in (catalog_build.outdir / "index.html").read_text("utf-8")


def test_a_malformed_catalog_names_its_lines_and_the_edition_builds(
    catalog_build: SiteBuild,
) -> None:
    lines = [line for line in catalog_build.warnings.splitlines() if "WARNING" in line]
    assert "Traceback" not in catalog_build.warnings
    assert lines, catalog_build.warnings
    assert all(re.search(r"\.po:\d+: WARNING", line) for line in lines), lines
    sphinx_po = [line for line in lines if "sphinx.po:" in line]
    index_po = [line for line in lines if "index.po:" in line]
    assert len(sphinx_po) == 2, lines  # the two with HTML; the others are text
    # The header, and one per broken message, at the message's line.
    assert len(index_po) == 5, lines
    page = BeautifulSoup(
        (catalog_build.outdir / "index.html").read_text("utf-8"), "html5lib"
    )
    article = page.find("article").get_text()
    # Each broken message is shown in English; nothing holds a control character.
    assert "A paragraph to translate." in article
    assert "See the" in article
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", article)


def _paper_files_root(tmp_path: Path) -> Path:
    (tmp_path / "canary.txt").write_text(CANARY, encoding="utf-8")
    srcdir = tmp_path / "src"
    (srcdir / "assets" / "img" / "publication_preview").mkdir(parents=True)
    (srcdir / "teaser.png").write_bytes(b"\x89PNG")
    (srcdir / "plain.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>', "utf-8"
    )
    for svg in ("active.svg", "assets/img/publication_preview/active.svg"):
        (srcdir / svg).write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8"
        )
    try:
        (srcdir / "linked.png").symlink_to(tmp_path / "canary.txt")
    except OSError:  # (Windows without the right to make symlinks)
        pytest.skip("cannot make symlinks here")
    return srcdir


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("teaser", "active.svg", "can run script"),
        ("preview", "active.svg", "can run script"),
        ("teaser", "linked.png", "leads out of the source directory"),
        ("teaser", "../canary.txt", "out of it"),
        ("pdf", "/etc/passwd", "https:// URL or a file"),
        ("slides", "javascript:alert(1)", "https:// URL or a file"),
        ("poster", "sub/../../canary.txt", "out of it"),
    ],
)
def test_a_file_a_paper_names_is_refused_outside_or_active(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    from academic_site.papers.paper_files import SiteFiles

    files = SiteFiles(_paper_files_root(tmp_path))
    path, problem = files.resolve(field, value)
    assert path is None
    assert message in problem


def test_a_file_a_paper_names_inside_is_kept(tmp_path: Path) -> None:
    from academic_site.papers.paper_files import SiteFiles

    files = SiteFiles(_paper_files_root(tmp_path))
    assert files.resolve("teaser", "teaser.png") == ("teaser.png", None)
    assert files.resolve("teaser", "plain.svg") == ("plain.svg", None)


def test_a_refused_toctree_caption_or_title_stays_english(tmp_path: Path) -> None:
    """Sphinx translates a toctree's caption and entry titles whatever a
    node's ``translatable`` says: a refused one is shown in English, as its
    warning says, and an accepted one is translated."""
    srcdir = tmp_path / "src"
    messages = srcdir / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "academic_site"]\n'
        'locale_dirs = ["locales"]\ngettext_compact = False\n'
        'homepage_editions = {"en": "", "zh_CN": "zh/"}\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Home\n\n```{toctree}\n:caption: Pages\n\n"
        "My page <page>\nOther <other>\n```\n",
        encoding="utf-8",
    )
    (srcdir / "page.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    (srcdir / "other.md").write_text("# Other page\n\nText.\n", encoding="utf-8")
    (messages / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Pages"\nmsgstr "<b>页面</b>"\n\n'
        'msgid "My page"\nmsgstr "<img src=x onerror=alert(1)> 我的页"\n\n'
        'msgid "Other"\nmsgstr "其他"\n',
        encoding="utf-8",
    )
    built = build_site(
        srcdir, tmp_path, warnings_are_errors=False, language="zh_CN", html_theme="furo"
    )
    refused = [line for line in built.warnings.splitlines() if "index.po:" in line]
    assert len(refused) == 2, built.warnings
    page = BeautifulSoup((built.outdir / "index.html").read_text("utf-8"), "html5lib")
    shown = [a.get_text(strip=True) for a in page.select(".toctree-wrapper a")]
    assert shown == ["My page", "其他"]
    caption = page.select_one(".toctree-wrapper .caption-text")
    assert caption.get_text(strip=True) == "Pages"
    assert "onerror" not in (built.outdir / "index.html").read_text("utf-8")
