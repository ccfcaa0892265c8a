"""The GPA the home page states is the one the CV gives, page and PDF alike.

The figure is read from the home page's own source (docs/index.md) and looked
for in the CV data's Education section, so an edit of one without the other
fails here instead of showing two GPAs.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import DOCS
from tests.helpers import SiteBuild
from tests.pdf import Pdf, squash

CV = yaml.safe_load((DOCS / "data" / "cv.yaml").read_text("utf-8"))
#: "3.92/4.00 overall GPA", as the home page words it.
GPA = re.compile(r"(\d+(?:\.\d+)?/\d+(?:\.\d+)?)\s+overall\s+GPA")


def _home_page_gpa() -> str:
    found = GPA.findall((DOCS / "index.md").read_text("utf-8"))
    assert len(set(found)) == 1, f"the home page states one GPA, not {found}"
    return found[0]


def _education_item_with_gpa() -> str:
    (education,) = [s for s in CV if s["title"] == "Education"]
    with_gpa = [squash(i["text"]) for i in education["items"] if GPA.search(i["text"])]
    assert len(with_gpa) == 1, "one education entry gives the GPA"
    return with_gpa[0]


def test_the_cv_data_gives_the_home_pages_gpa() -> None:
    assert GPA.search(_education_item_with_gpa()).group(1) == _home_page_gpa()


@pytest.mark.site_sources("docs")  # docs/'s own GPA, read above
def test_the_cv_page_and_pdf_give_the_home_pages_gpa(site: SiteBuild) -> None:
    gpa = _home_page_gpa()
    home = squash(site.page("index.html").find("article").get_text())
    assert f"{gpa} overall GPA" in home
    page = squash(site.page("cv.html").find("article").get_text())
    pdf = Pdf(site.outdir / "cv.pdf").text
    for text in (page, pdf):
        assert _education_item_with_gpa() in text
