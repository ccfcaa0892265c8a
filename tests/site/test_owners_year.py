"""The owner's year (tests/site/owners_year.py): what each README task did.

Every site test also runs on the copy (``[owners-year]``); these check what
only the copy has: the refreshes' results, the pasted papers' anchors and
pages, the new page's description and the photo.
"""

from __future__ import annotations

import pytest
import yaml

from academic_site.papers.bibliography import load_papers
from tests.conftest import DOCS
from tests.helpers import SiteBuild
from tests.site.owners_year import OwnersYear

#: Run on the copy's builds only (``site`` and ``site_zh`` of the copy).
on_the_copy = pytest.mark.site_sources("owners-year")


def test_both_refreshes_exit_0_and_raise_the_figures(
    owners_year_copy: OwnersYear,
) -> None:
    (first, second) = owners_year_copy.refreshes
    assert (first[0], first[2]) == (0, ""), first
    assert (second[0], second[2]) == (0, ""), second
    # The five pasted papers are not on Scholar yet: listed, not refused.
    assert "no figure found for: " in first[1]
    assert "DBLP:journals/corr/abs-2410-12345" in first[1]
    figures = yaml.safe_load(
        (owners_year_copy.docs / "data" / "citations.yaml").read_text("utf-8")
    )
    assert figures["papers"][owners_year_copy.newly_listed] == 2
    # From the data: the crawler file lists every paper of the site's
    # citations.yaml that is still in the copy's .bib, all of which match;
    # the second one also the newly listed paper. Every paper of the copy's
    # .bib is counted. The removed paper's figure is named and dropped.
    bib = load_papers(owners_year_copy.docs / "publications.bib")
    keys = {paper.key for paper in bib}
    site_figures = yaml.safe_load((DOCS / "data" / "citations.yaml").read_text("utf-8"))
    listed = len(set(site_figures["papers"]) & keys)
    assert f"{listed} of {len(bib)} papers matched" in first[1]
    assert f"{listed + 1} of {len(bib)} papers matched" in second[1]
    assert f"no longer lists {owners_year_copy.removed} " in first[1]
    assert owners_year_copy.removed not in figures["papers"]


@on_the_copy
def test_the_chinese_edition_is_clean_with_nothing_translated(
    site_zh: SiteBuild, owners_year_copy: OwnersYear
) -> None:
    assert (site_zh.status, site_zh.warnings) == (0, "")


@on_the_copy
def test_the_dblp_and_acm_keys_have_anchors_and_pages(
    site: SiteBuild, owners_year_copy: OwnersYear
) -> None:
    page = site.page("publications.html")
    for key in ("DBLP:journals/corr/abs-2410-12345", "10.1145/3699999.3700001"):
        entry = next(
            li
            for li in page.find_all("li", class_="publication")
            if f"{{{key}," in li.find("pre").get_text()
        )
        link = entry.find("cite").find("a", href=True)
        assert (site.outdir / link["href"]).is_file(), key


@on_the_copy
def test_the_new_page_has_its_front_matter_description(
    site: SiteBuild, site_zh: SiteBuild, owners_year_copy: OwnersYear
) -> None:
    for build in (site, site_zh):
        meta = build.page("talks.html").find("meta", attrs={"name": "description"})
        assert meta["content"].startswith("Talks Yuxiang Huang gave")


@on_the_copy
def test_the_photo_is_on_the_card_in_both_editions(
    site: SiteBuild, site_zh: SiteBuild, owners_year_copy: OwnersYear
) -> None:
    (photo,) = site.page("index.html").select("img.profile-photo")
    assert photo["alt"] == "Photo of Yuxiang Huang"
    assert (site.outdir / photo["src"]).is_file()
    (photo,) = site_zh.page("index.html").select("img.profile-photo")
    assert photo["alt"] == "黄宇翔的照片"
