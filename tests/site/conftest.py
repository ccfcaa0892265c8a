"""The site tests run on a build of any copy of the site.

``site_source`` is the source directory (``docs/`` of a copy); ``site`` and
``site_zh`` are its two editions, built once per source with ``-n -W``. The
tests derive what they expect from that copy's own data (:class:`SiteData`:
``data/*.yaml`` read with PyYAML, the ``.bib`` with pybtex, the toctree of
``index.md``), so any edit the README describes keeps them green.

Two sources are tested: the site itself (``docs``) and the owner's year
(``owners-year``, :mod:`tests.site.owners_year`): a copy with every README
task done to it. ``-k docs`` or ``-k owners-year`` picks one.
"""

from __future__ import annotations

import hashlib
import os
import re
import runpy
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from pybtex.database import BibliographyData, parse_file
from pybtex.database import Entry as BibEntry

from academic_site.outputs.paper_pages import paper_pagename
from academic_site.outputs.publications import anchor
from tests.conftest import DOCS
from tests.helpers import SiteBuild
from tests.shared import once, shared_build
from tests.site import owners_year

#: The sources the site tests run on, by the id their items carry: the site,
#: the owner's year, and a stranger's copy with every optional feature off.
SOURCES = ("docs", "owners-year", "features-off")


def owners_year_copy_of(factory: pytest.TempPathFactory) -> owners_year.OwnersYear:
    """The owner's-year copy, made once per run (at collection already: which
    tests apply to it is read from its data)."""

    def make(folder: Path) -> dict:
        copy = owners_year.make(folder)
        return {**copy.__dict__, "docs": str(copy.docs)}

    made = once(factory, "owners-year", make)
    refreshes = [tuple(refresh) for refresh in made.pop("refreshes")]
    return owners_year.OwnersYear(
        **{**made, "docs": Path(made["docs"]), "refreshes": refreshes}
    )


def source_dir(factory: pytest.TempPathFactory, name: str) -> Path:
    """The source directory (a ``docs/``) of source *name*."""
    if name == "docs":
        return DOCS
    if name == "owners-year":
        return owners_year_copy_of(factory).docs
    made = once(
        factory,
        name,
        lambda folder: {"docs": str(owners_year.make_features_off(folder))},
    )
    return Path(made["docs"])


@pytest.fixture(scope="session")
def owners_year_copy(
    tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> owners_year.OwnersYear:
    """A copy of the site with every README task done to it."""
    return owners_year_copy_of(tmp_path_factory)


@pytest.fixture(scope="session")
def site_source(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The source directory of the site under test (parametrized by
    :func:`pytest_generate_tests` with the sources a test applies to)."""
    return source_dir(tmp_path_factory, request.param)


def _name(site_source: Path) -> str:
    return "docs" if site_source == DOCS else site_source.parent.name


@pytest.fixture(scope="session")
def site(
    site_source: Path, tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> SiteBuild:
    """The English edition of *site_source*, built once per run with ``-n -W``."""
    return shared_build(tmp_path_factory, f"{_name(site_source)}-en", site_source)


@pytest.fixture(scope="session")
def site_zh(
    site_source: Path, tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> SiteBuild:
    """The Chinese edition of *site_source*, built once per run with ``-n -W``."""
    name = f"{_name(site_source)}-zh_CN"
    return shared_build(tmp_path_factory, name, site_source, language="zh_CN")


@pytest.fixture(scope="session")
def whole_site(
    site: SiteBuild,
    site_zh: SiteBuild,
    site_source: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """Both editions of *site_source* laid out as ``make site`` lays them out
    (English at the root, Chinese in ``zh/``), from the builds above."""

    def lay_out(folder: Path) -> dict:
        shutil.copytree(site.outdir, folder / "html")
        shutil.copytree(site_zh.outdir, folder / "html" / "zh")
        return {"root": str(folder / "html")}

    made = once(tmp_path_factory, f"whole-{_name(site_source)}", lay_out)
    return Path(made["root"])


# -- Which tests apply to which source: generated only where they apply -------

#: Marks: the sources a test is for (default: all of :data:`SOURCES`); a
#: predicate of the source's :class:`SiteData` that says whether it applies;
#: cases (argument names, and a function of the :class:`SiteData` that lists
#: the values that apply to that source).
MARKERS = {
    "site_sources": "site_sources(*names): the site tests' sources a test is for",
    "applies": "applies(predicate): a site test applies where predicate(data) holds",
    "site_cases": "site_cases(argnames, cases): parameters from each source's data",
    "not_applicable": "a site test that applies to no source: never run",
}


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS.values():
        config.addinivalue_line("markers", line)


def docs_only(test: Callable[..., None]) -> Callable[..., None]:
    """A test that builds the site again: for docs/ only (the copies are
    checked by the shared tests, with one build per edition), ``slow``."""
    return pytest.mark.slow(pytest.mark.site_sources("docs")(test))


def applies(predicate: Callable[[SiteData], bool]) -> pytest.MarkDecorator:
    """Generate the test for the sources whose data *predicate* accepts."""
    return pytest.mark.applies(predicate)


def site_cases(
    argnames: str, cases: Callable[[SiteData], list]
) -> pytest.MarkDecorator:
    """Parametrize *argnames* per source with the values *cases* of its data
    lists (``[]``: the test is not generated for that source)."""
    return pytest.mark.site_cases(argnames, cases)


def _case_id(value: object) -> str:
    return re.sub(r"\W+", "-", str(value))[:40].strip("-")


def sources(config: pytest.Config) -> tuple[str, ...]:
    """The sources to generate tests for: a copy's tests are ``slow``, so
    under ``-m "not slow"`` (``make check``) the copies are not even made."""
    from _pytest.mark.expression import Expression

    try:
        slow_runs = Expression.compile(config.option.markexpr or "slow").evaluate(
            lambda name, **_: name == "slow"
        )
    except Exception:  # pytest's expression API moved: make them all
        slow_runs = True
    return SOURCES if slow_runs else ("docs",)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_source" not in metafunc.fixturenames:
        return
    factory = metafunc.config._tmp_path_factory  # type: ignore[attr-defined]
    definition = metafunc.definition
    chosen = definition.get_closest_marker("site_sources")
    cases = definition.get_closest_marker("site_cases")
    predicates = [mark.args[0] for mark in definition.iter_markers("applies")]
    argnames = ["site_source"]
    if cases:
        argnames += [name.strip() for name in cases.args[0].split(",")]
    values, ids = [], []
    for name in chosen.args if chosen else sources(metafunc.config):
        data = SiteData(source_dir(factory, name))
        if not all(predicate(data) for predicate in predicates):
            continue
        if "site_zh" in metafunc.fixturenames and "zh_CN" not in data.editions:
            continue
        if not cases:
            values.append(name)
            ids.append(name)
            continue
        for case in cases.args[1](data):
            case = case if isinstance(case, tuple) else (case,)
            values.append((name, *case))
            ids.append("-".join([name, *map(_case_id, case)]))
    if not values:  # applies nowhere: deselected (tests/conftest.py)
        none = (None,) * len(argnames) if cases else None
        values = [pytest.param(none, marks=pytest.mark.not_applicable)]
        ids = ["not-applicable"]
    metafunc.parametrize(
        argnames if cases else "site_source",
        values,
        ids=ids,
        indirect=["site_source"],
        scope="session",
    )


@dataclass(frozen=True)
class Entry:
    """One ``.bib`` entry as the site tests need it."""

    key: str
    year: int | None
    title: str
    selected: bool
    fields: dict[str, str] = field(repr=False)

    @property
    def anchor(self) -> str:
        return anchor(self.key)

    @property
    def page(self) -> str:
        return paper_pagename(SimpleNamespace(homepage_papers_dir="papers"), self.key)


@dataclass(frozen=True)
class SiteData:
    """What a copy of the site says about itself, read from its files."""

    docs: Path

    def _yaml(self, setting: str) -> object:
        """The data file conf.py names in *setting* (None: none, or off)."""
        name = self.conf.get(setting) or ""
        path = self.docs / name
        if not name or not path.is_file():
            return None
        return yaml.safe_load(path.read_text("utf-8"))

    @property
    def has_news(self) -> bool:
        """Whether the site shows news (and has a feed of it)."""
        return bool(self.news)

    @cached_property
    def news(self) -> list[dict]:
        return self._yaml("homepage_news_file") or []

    @cached_property
    def profile(self) -> dict:
        return self._yaml("homepage_profile_file") or {}

    @cached_property
    def citations(self) -> dict | None:
        return self._yaml("homepage_citations_file")

    @cached_property
    def bib(self) -> BibliographyData:
        return parse_file(str(self.bib_path), "bibtex")

    @property
    def bib_path(self) -> Path:
        """The ``.bib`` conf.py names (the site has one)."""
        (name,) = self.conf["bibtex_bibfiles"]
        return self.docs / name

    @cached_property
    def entries(self) -> list[Entry]:
        entries = []
        for key, entry in self.bib.entries.items():
            year = re.search(r"\d{4}", entry.fields.get("year", ""))
            entries.append(
                Entry(
                    key=key,
                    year=int(year.group()) if year else None,
                    title=entry.fields.get("title", ""),
                    selected=entry.fields.get("selected", "").strip().lower()
                    in {"true", "yes", "1"},
                    fields=dict(entry.fields),
                )
            )
        return entries

    @cached_property
    def toctree(self) -> list[str]:
        """The page names of the home page's toctree, in order."""
        text = (self.docs / "index.md").read_text("utf-8")
        block = re.search(r"```\{toctree\}\n(.*?)```", text, re.S)
        names = []
        for line in block.group(1).splitlines() if block else []:
            line = line.strip()
            if not line or line.startswith(":"):
                continue
            explicit = re.search(r"<([^<>]+)>$", line)
            names.append(explicit.group(1) if explicit else line)
        return names

    @cached_property
    def conf(self) -> dict:
        """What the copy's conf.py sets."""
        return runpy.run_path(str(self.docs / "conf.py"))

    @property
    def base(self) -> str:
        """The canonical address conf.py sets for a plain build (a custom
        domain included): what every absolute URL of the built site starts with."""
        return self.conf["html_baseurl"]

    @property
    def redirects(self) -> dict[str, str]:
        """Old page -> new page, for each page the owner renamed."""
        return self.conf.get("homepage_redirects") or {}

    @property
    def stubs(self) -> set[str]:
        """The output names of the redirect pages (not pages of the site:
        they only send a visitor on)."""
        return {f"{old}.html" for old in self.redirects}

    def now(self, page: str) -> str:
        """Where output page *page* is now (its new name, if renamed)."""
        name = page.removesuffix(".html")
        return f"{self.redirects.get(name, name)}.html"

    @property
    def editions(self) -> dict[str, str]:
        """language -> path of each edition (``{"en": ""}``: one edition)."""
        return self.conf.get("homepage_editions") or {self.conf["language"]: ""}

    @property
    def pages(self) -> list[str]:
        """Every page a visitor reaches from the home page (output names)."""
        return ["index.html", *(f"{name}.html" for name in self.toctree)]


def canonical_address(docs: Path) -> str:
    """The canonical address *docs*' conf.py sets (:attr:`SiteData.base`)."""
    return SiteData(docs).base


@pytest.fixture(scope="session")
def data(site_source: Path) -> SiteData:
    return SiteData(site_source)


# -- The seed papers: checked as the resume writes them until the owner edits them


def entry_digest(entry: BibEntry) -> str:
    """A digest of a ``.bib`` entry's type, fields and people."""
    people = {role: [str(person) for person in p] for role, p in entry.persons.items()}
    text = repr((entry.type, sorted(entry.fields.items()), sorted(people.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: key -> digest of the seed paper's entry as the seed wrote it into the .bib.
#: While an entry is unchanged it must read as the resume writes it; once the
#: owner edits or removes it, its checks are not generated, and the tests that follow
#: the data (every entry under its year, its BibTeX, its page) cover it.
SEED_DIGESTS = {
    "huang2024locret": "f6c81323ec9c98eb",
    "zhao-etal-2024-ouroboros": "f06d4d23787b4a69",
    "zhao2024calora": "586a9f1f4fc5d789",
    "hu2024minicpm": "2442432a2c29a49c",
    "qin2024toollearning": "e1bdb1da7ea6137e",
    "xiao2022encoding": "5606fb0cc0b64db8",
}


def is_seed(data: SiteData, key: str) -> bool:
    """Whether the seed paper *key* is in the ``.bib`` as the seed wrote it."""
    entry = data.bib.entries.get(key)
    return entry is not None and entry_digest(entry) == SEED_DIGESTS[key]


def seed_papers(*keys: str) -> pytest.MarkDecorator:
    """Parametrize ``key`` with the seed papers of *keys* each source still
    has as the seed wrote them."""
    return site_cases("key", lambda data: [key for key in keys if is_seed(data, key)])


def while_seed(key: str) -> pytest.MarkDecorator:
    """Generate the test for the sources that still have seed paper *key*."""
    return applies(lambda data: is_seed(data, key))


def plain(markdown: str) -> str:
    """MyST text as a reader sees it: links by their text, spaces collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


# -- Translations: what falls back to English, reported in one line -----------

#: The switch that makes any untranslated or fuzzy message fail the tests.
STRICT_TRANSLATIONS = "HOMEPAGE_STRICT_TRANSLATIONS"

#: Where English shows through in a translated edition: catalog or page ->
#: how many messages.
FALLBACKS: dict[str, int] = {}
#: The key a pytest-xdist worker hands :data:`FALLBACKS` over under.
FALLBACKS_OUTPUT = "homepage_translation_fallbacks"


def strict_translations() -> bool:
    return os.environ.get(STRICT_TRANSLATIONS, "") not in ("", "0")


#: The label of the owner's-year copy's pages in :data:`FALLBACKS`.
COPY_LABEL = " (owner's-year copy)"


def source_label(source: Path) -> str:
    """:data:`COPY_LABEL` for the copy's pages, nothing for docs/'s."""
    return "" if source == DOCS else COPY_LABEL


def fall_back(where: str, count: int) -> None:
    """Note that *count* messages of *where* fall back to English (0: none)."""
    FALLBACKS[where] = max(FALLBACKS.get(where, 0), count)


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist each worker hands its counts to the main process,
    # which prints the one summary (tests/conftest.py).
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[FALLBACKS_OUTPUT] = dict(FALLBACKS)


def translation_summary() -> str | None:
    """The one line the suite ends with about translations (None: no
    translation test of docs/ ran)."""
    # Only docs/'s own catalogs are the owner's to act on: the owner's-year
    # copy is a temporary copy whose fallbacks `make translations` cannot fix.
    own = {k: n for k, n in FALLBACKS.items() if not k.endswith(COPY_LABEL)}
    if not own:
        return None
    english = {where: n for where, n in sorted(own.items()) if n}
    if not english:
        return "translations: every message is translated"
    counts = ", ".join(f"{where}: {n}" for where, n in english.items())
    return (
        f"translations: English fallback for {counts} "
        f"(run `make translations`; {STRICT_TRANSLATIONS}=1 fails on them)"
    )
