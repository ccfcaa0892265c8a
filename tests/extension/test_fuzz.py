"""Generated hostile data never breaks a page or the build (hypothesis).

Each example is a *batch*: values for every field of ``profile.yaml``,
``news.yaml`` and ``citations.yaml`` and for the fields of every ``.bib``
entry, drawn from the payloads of issue 13, ``javascript:`` URLs, random
Unicode (U+2028, NUL, controls), numbers far out of range and broken files
(a latin-1 byte, a duplicate key, a cut-off file), written into one copy of
the test-hostile root and built once. Whatever is drawn:

* the build finishes, and no traceback reaches its output;
* every warning is located at a data file (``path:line``), never at a page;
* every page parses as a browser parses it (html5lib) with each JSON-LD
  block valid JSON, no script, event handler or ``javascript:`` URL from
  data, and the scripts and stylesheets of the same page built from
  harmless data;
* the feed is XML whose entries' HTML holds no script either.

The run is bounded for ``make test``; ``HOMEPAGE_FUZZ=long`` runs the long
profile (see the README, "Data problems").
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.util.console import strip_colors

from tests.extension.hostile import (
    PAYLOADS,
    ROOT,
    PageShape,
    json_ld_blocks,
    parse,
    structure_problems,
)
from tests.helpers import build_site

pytestmark = pytest.mark.fuzz

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("homepage-fast", max_examples=4, **_COMMON)
settings.register_profile("homepage-long", max_examples=150, **_COMMON)
PROFILE = (
    "homepage-long" if os.environ.get("HOMEPAGE_FUZZ") == "long" else ("homepage-fast")
)

DATA_FILES = ("data/profile.yaml", "data/news.yaml", "data/citations.yaml", "refs.bib")
ATOM = "{http://www.w3.org/2005/Atom}"

# -- Values -------------------------------------------------------------------

#: Characters that have broken parsers and pages: controls, NUL, the JS line
#: separators, a BOM, RTL marks, HTML and YAML syntax.
SPECIAL = "\x00\x01\x1b\x7f\u2028\u2029\ufeff\u202e\ufffe<>&\"'`/\\{}[]:#%$@!*|-\n\t"

#: Stands for a 5000-digit integer, which Python cannot even write out.
HUGE = "__5000_DIGITS__"

texts = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(SPECIAL + "ab "), max_size=30),
    st.builds(
        "{} {} {}".format,
        st.sampled_from(PAYLOADS),
        st.text(max_size=10),
        st.sampled_from(PAYLOADS),
    ),
)
urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org/ok",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "http://example.org/",
            "//evil.example/",
            'https://example.org/"><script>alert(1)</script>',
            "https://example.org/\u2028",
            "mailto:ada@example.org",
        ]
    ),
    texts,
)
numbers = st.one_of(
    st.integers(min_value=-(10**3), max_value=10**12),
    st.just(HUGE),
    st.floats(allow_nan=True),
    texts,
)
dates = st.one_of(
    st.sampled_from(["1843", "1843-09", "1843-09-05", "0000-01-01", "2024-13-01"]),
    texts,
)


def _field(value: object) -> st.SearchStrategy:
    return st.one_of(st.just(value), texts)


@st.composite
def profiles(draw: st.DrawFn) -> dict:
    return {
        "name": draw(_field("Ada Lovelace")),
        "native_name": draw(texts),
        "alternate_names": draw(st.lists(texts, max_size=2)),
        "tagline": draw(texts),
        "affiliation": draw(_field("Analytical Engine Society")),
        "lab": {"label": draw(texts), "url": draw(urls)},
        "location": draw(texts),
        "email": draw(st.one_of(st.just("ada@example.org"), texts, urls)),
        "photo": draw(st.one_of(st.none(), urls, texts)),
        "languages": draw(st.lists(texts, max_size=2)),
        "links": draw(
            st.lists(st.fixed_dictionaries({"label": texts, "url": urls}), max_size=3)
        ),
    }


markdown = st.one_of(
    texts,
    st.builds("[{}]({})".format, texts, urls),
    st.builds("{} [paper](publications.md#{})".format, texts, texts),
    st.builds("<{}>".format, urls),
)


@st.composite
def news(draw: st.DrawFn) -> list:
    items = draw(
        st.lists(
            st.fixed_dictionaries({"date": dates, "text": markdown}),
            min_size=1,
            max_size=4,
        )
    )
    # Mostly newest first, so items are shown, not only refused.
    if draw(st.booleans()):
        items.sort(key=lambda item: str(item["date"]), reverse=True)
    return items


@st.composite
def citations(draw: st.DrawFn) -> dict:
    return {
        "source": draw(texts),
        "profile": draw(urls),
        "date": draw(st.one_of(st.just("2025-03-14"), dates)),
        "total": draw(numbers),
        "h_index": draw(numbers),
        "per_year": draw(
            st.dictionaries(st.one_of(st.integers(0, 3000), texts), numbers, max_size=3)
        ),
        "papers": {
            "lovelace1843notes": draw(numbers),
            draw(texts): draw(numbers),
        },
    }


BIB_FIELDS = ("title", "author", "journal", "doi", "url", "pdf", "code", "status")


@st.composite
def bib_entries(draw: st.DrawFn) -> dict:
    return {
        key: {field: draw(st.one_of(texts, urls)) for field in BIB_FIELDS}
        | {"year": draw(st.one_of(st.just("1843"), texts))}
        for key in ("lovelace1843notes", "lovelace1842sketch")
    }


#: What happens to a data file's text after it is written.
mutations = st.sampled_from(["none", "none", "latin-1", "duplicate", "cut", "nul"])

batches = st.fixed_dictionaries(
    {
        "profile": profiles(),
        "news": news(),
        "citations": citations(),
        "bib": bib_entries(),
        "mutation": st.tuples(st.sampled_from(DATA_FILES), mutations),
    }
)

# -- Writing and building -------------------------------------------------------


def _yaml(data: object) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text.replace(HUGE, "9" * 5000).encode("utf-8")


def _bib(entries: dict) -> bytes:
    lines = []
    for key, fields in entries.items():
        lines.append(f"@article{{{key},")
        lines += [f"  {name} = {{{value}}}," for name, value in fields.items()]
        lines.append("}\n")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _mutate(data: bytes, how: str) -> bytes:
    if how == "latin-1":
        return data.replace(b"\n", b"\n\xe9", 1)
    if how == "duplicate":
        return data + data.split(b"\n", 1)[0] + b"\n"
    if how == "cut":
        return data[: len(data) // 2]
    if how == "nul":
        return data.replace(b"\n", b"\n\x00", 1)
    return data


def _write(srcdir: Path, batch: dict) -> None:
    files = {
        "data/profile.yaml": _yaml(batch["profile"]),
        "data/news.yaml": _yaml(batch["news"]),
        "data/citations.yaml": _yaml(batch["citations"]),
        "refs.bib": _bib(batch["bib"]),
    }
    name, how = batch["mutation"]
    files[name] = _mutate(files[name], how)
    for name, data in files.items():
        (srcdir / name).write_bytes(data)


def _build(srcdir: Path, outdir: Path) -> str:
    """Build *srcdir* into *outdir* as ``sphinx-build -n --keep-going`` would;
    its warnings."""
    site = build_site(srcdir, outdir.parent, warnings_are_errors=False)
    return strip_colors(site.warnings)


def _pages(outdir: Path) -> list[str]:
    return sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*.html"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PageShape]:
    """The shape of each page built from the root's harmless data."""
    workdir = tmp_path_factory.mktemp("fuzz-baseline")
    shutil.copytree(ROOT, workdir / "src")
    outdir = workdir / "html"
    assert _build(workdir / "src", outdir) == ""
    return {page: PageShape.of(parse(outdir / page)) for page in _pages(outdir)}


#: A warning's location: ``path:line:`` before ``WARNING:``.
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?:WARNING|ERROR): ")


@settings(settings.get_profile(PROFILE))
@given(batch=batches)
def test_generated_data_never_breaks_a_page_or_the_build(
    baseline: dict[str, PageShape],
    tmp_path_factory: pytest.TempPathFactory,
    batch: dict,
) -> None:
    workdir = tmp_path_factory.mktemp("fuzz")
    srcdir = workdir / "src"
    shutil.copytree(ROOT, srcdir)
    _write(srcdir, batch)
    outdir = workdir / "html"
    warnings = _build(srcdir, outdir)

    assert "Traceback" not in warnings
    assert "Exception occurred" not in warnings
    data_paths = {str(srcdir / name) for name in DATA_FILES}
    for line in warnings.splitlines():
        if "WARNING:" not in line and "ERROR:" not in line:
            continue  # the continuation of a warning's message
        located = LOCATED.match(line)
        assert located, f"a warning without file and line: {line}"
        assert located["path"] in data_paths, f"a warning not at a data file: {line}"

    for page in _pages(outdir):
        soup = parse(outdir / page)
        shape = baseline.get(page) or baseline["papers/lovelace1843notes.html"]
        assert structure_problems(soup, shape) == [], page
        for block in soup.find_all("script", type="application/ld+json"):
            for char in "<>&\u2028\u2029":
                assert char not in block.string, (page, char)

    profile_warnings = "profile.yaml" in warnings
    if not profile_warnings:
        # An accepted profile reaches the structured data exactly.
        person = json_ld_blocks(parse(outdir / "index.html"))[0]
        assert person["name"] == batch["profile"]["name"]

    feed = outdir / "news.xml"
    if feed.exists():
        for content in ElementTree.parse(feed).iter(f"{ATOM}content"):
            body = BeautifulSoup(content.text or "", "html5lib")
            assert body.find("script") is None
            assert structure_problems(body, PageShape.of(body)) == []
    json.loads(
        (outdir / "searchindex.js")
        .read_text("utf-8")
        .removeprefix("Search.setIndex(")
        .removesuffix(")")
    )


# -- The catalogs and the files the data names: the boundary's functions --------
#
# One build per example is too slow for these: the functions at the boundary
# are fuzzed directly, many examples a second.

BOUNDARY_PROFILE = settings(
    settings.get_profile(PROFILE),
    max_examples=60 if PROFILE == "homepage-fast" else 600,
)

#: Pieces of a ``.po`` line: quotes, backslash escapes gettext has and has
#: not, HTML, MyST, placeholders, controls.
PO_PIECES = st.sampled_from(
    [
        '"',
        "\\",
        "\\n",
        "\\q",
        "\\x41",
        "<img src=x onerror=alert(1)>",
        '" onfocus="alert(1)',
        "&amp;",
        "{include}",
        "```{include} ../x\n```",
        "[x](javascript:alert(1))",
        "{download}`../x`",
        "%(name)s",
        "%s",
        "{count}",
        "{",
        "\x0c",
        "\x1b",
        "\x7f",
        "\u0085",
        "\ufffe",
        "msgid",
        "msgstr",
        "#",
        "\n",
        "主页",
    ]
)
msgstrs = st.lists(st.one_of(PO_PIECES, st.text(max_size=6)), max_size=6).map("".join)
#: The English a translation may stand for: plain, with HTML, with a placeholder.
MSGIDS = ("Search", "Back to top", "&#169; %(copyright)s", "Cited by {count}")


def _po_source(pairs: list[tuple[str, str]]) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    # Written as is: a msgstr may break its own quoting, as a hand edit can.
    return header + "".join(
        f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in pairs
    )


@BOUNDARY_PROFILE
@given(
    pairs=st.lists(st.tuples(st.sampled_from(MSGIDS), msgstrs), max_size=4),
    domain=st.sampled_from(["sphinx", "academic_site", "index"]),
)
def test_a_generated_catalog_keeps_only_what_it_may(
    tmp_path_factory: pytest.TempPathFactory, pairs: list, domain: str
) -> None:
    from unittest import mock

    from academic_site.site import catalogs
    from academic_site.site.datafile import UNPRINTABLE
    from academic_site.site.i18n import extension_message_problem
    from academic_site.site.inline import refusal

    path = tmp_path_factory.mktemp("po") / f"{domain}.po"
    path.write_text(_po_source(pairs), encoding="utf-8", errors="surrogatepass")
    check = {
        "sphinx": catalogs.interface_string_problem,
        "academic_site": extension_message_problem,
    }.get(domain)
    with mock.patch.object(catalogs, "warn_left_out") as warn:
        catalog = catalogs.read_catalog(path, "zh_CN", domain, check)
    assert catalog is not None
    for call in warn.call_args_list:  # every warning names the .po and a line
        location = call.args[1]
        assert re.fullmatch(re.escape(str(path)) + r":\d+", location), location
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgstr, msgid = str(message.string), str(message.id)
        assert not UNPRINTABLE.search(msgstr), message
        if domain == "sphinx":
            assert catalogs.interface_string_problem(msgstr, msgid) is None
        elif domain == "academic_site":
            assert refusal(msgstr, source=msgid) is None


#: Pieces of a path a ``.bib`` or a page may name.
PATH_PIECES = st.sampled_from(
    [
        "..",
        ".",
        "",
        "a",
        "teaser.png",
        "active.svg",
        "linked.png",
        "linked-dir",
        ".git",
        "config",
        "/etc/passwd",
        "C:",
        "\\",
        "%2e%2e",
        "javascript:alert(1)",
        "file:",
        "https:",
        "data:",
        "~",
        "\x00",
    ]
)
paths = st.lists(PATH_PIECES, min_size=1, max_size=5).map("/".join)


@pytest.fixture(scope="module")
def named_files_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source folder with a file, an active SVG and links out of it."""
    workdir = tmp_path_factory.mktemp("named-files")
    (workdir / "canary.txt").write_text("CANARY", encoding="utf-8")
    srcdir = workdir / "src"
    (srcdir / "a").mkdir(parents=True)
    (srcdir / "teaser.png").write_bytes(b"\x89PNG")
    (srcdir / "a" / "teaser.png").write_bytes(b"\x89PNG")
    (srcdir / "active.svg").write_text('<svg onload="alert(1)"/>', encoding="utf-8")
    try:
        (srcdir / "linked.png").symlink_to(workdir / "canary.txt")
        (srcdir / "linked-dir").symlink_to(workdir, target_is_directory=True)
    except OSError:  # (Windows without the right to make symlinks)
        pytest.skip("cannot make symlinks here")
    return srcdir


@BOUNDARY_PROFILE
@given(
    value=paths,
    field=st.sampled_from(["teaser", "preview", "pdf", "slides", "poster", "supp"]),
)
def test_a_generated_path_is_published_only_from_inside(
    named_files_root: Path, value: str, field: str
) -> None:
    from academic_site.papers.paper_files import SiteFiles
    from academic_site.site import containment

    path, problem = SiteFiles(named_files_root).resolve(field, value)
    assert (path is None) != (problem is None)
    if path is not None:
        file = named_files_root / path
        assert file.resolve().is_relative_to(named_files_root.resolve()), value
        assert file.is_file()
        assert containment.refusal(file, named_files_root) is None
        assert b"CANARY" not in file.read_bytes()
