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
from tests.helpers import SiteBuild, build_site
from tests.site import owners_year

SOURCES = ["docs", "owners-year"]


@pytest.fixture(scope="session")
def owners_year_copy(
    tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> owners_year.OwnersYear:
    """A copy of the site with every README task done to it."""
    return owners_year.make(tmp_path_factory.mktemp("owners-year"))


@pytest.fixture(scope="session", params=SOURCES)
def site_source(request: pytest.FixtureRequest) -> Path:
    """The source directory of the site under test."""
    if request.param == "docs":
        return DOCS
    return request.getfixturevalue("owners_year_copy").docs


@pytest.fixture(scope="session")
def site(
    site_source: Path, tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> SiteBuild:
    """The English edition of *site_source*, built once with ``-n -W``."""
    return build_site(site_source, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_zh(
    site_source: Path, tmp_path_factory: pytest.TempPathFactory, no_network: None
) -> SiteBuild:
    """The Chinese edition of *site_source*, built once with ``-n -W``."""
    return build_site(site_source, tmp_path_factory.mktemp("site-zh"), language="zh_CN")


@pytest.fixture(scope="session")
def whole_site(
    site: SiteBuild, site_zh: SiteBuild, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Both editions of *site_source* laid out as ``make site`` lays them out
    (English at the root, Chinese in ``zh/``), from the builds above."""
    root = tmp_path_factory.mktemp("whole-site") / "html"
    shutil.copytree(site.outdir, root)
    shutil.copytree(site_zh.outdir, root / "zh")
    return root


#: A test that builds the site again runs on docs/ only (the owner's-year copy
#: is checked by the shared tests, with one build per edition): it is generated
#: for docs/ alone, never generated for the copy only to be skipped.
def docs_only(test: Callable[..., None]) -> Callable[..., None]:
    return pytest.mark.slow(
        pytest.mark.parametrize("site_source", ["docs"], indirect=True)(test)
    )


@pytest.fixture
def only_docs(site_source: Path) -> None:
    """Skip a test that builds the site again on the owner's-year copy (mark
    it :data:`docs_only` as well, so the copy's item is never generated)."""
    if site_source != DOCS:
        pytest.skip("builds again; run on docs/ only")


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

    def _yaml(self, name: str) -> object:
        path = self.docs / "data" / name
        return yaml.safe_load(path.read_text("utf-8")) if path.exists() else None

    @cached_property
    def news(self) -> list[dict]:
        return self._yaml("news.yaml") or []

    @cached_property
    def profile(self) -> dict:
        return self._yaml("profile.yaml") or {}

    @cached_property
    def citations(self) -> dict | None:
        return self._yaml("citations.yaml")

    @cached_property
    def bib(self) -> BibliographyData:
        return parse_file(str(self.docs / "publications.bib"), "bibtex")

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

    @property
    def pages(self) -> list[str]:
        """Every page a visitor reaches from the home page (output names)."""
        return ["index.html", *(f"{name}.html" for name in self.toctree)]


def canonical_address(docs: Path) -> str:
    """The canonical address *docs*' conf.py sets for a plain build (a custom
    domain included): what every absolute URL of the built site starts with."""
    return runpy.run_path(str(docs / "conf.py"))["html_baseurl"]


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
#: owner edits or removes it, its checks here skip, and the tests that follow
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


def skip_unless_seed(data: SiteData, key: str) -> None:
    """Skip the test once the owner has edited or removed seed paper *key*."""
    if not is_seed(data, key):
        pytest.skip(f"{key}: edited in the .bib since the seed")


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
