# ruff: noqa: RUF001 - the expected text is Unicode (en dashes, Greek, CJK) on purpose
"""Entries as ACL Anthology, ACM DL, DBLP, arXiv and Google Scholar export them.

Each fixture in ``roots/test-pub-exports/refs.bib`` is written in its
exporter's shape; the expected text below was worked out by hand from it.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="pub-exports")

#: anchor -> (reference line, the bold name, [(link label, href)])
EXPECTED = {
    "muller-etal-2024-speculative": (
        "Müller, T., Huang, Y., & García, M. (2024). "
        "Speculative Decoding for Größe Models: LLMs at Scale. "
        "Proceedings of the 2024 Conference on Empirical Methods in Natural "
        "Language Processing, 100–110.",
        "Huang, Y.",
        [
            ("DOI", "https://doi.org/10.18653/v1/2024.emnlp-main.999"),
            ("ACL Anthology", "https://aclanthology.org/2024.emnlp-main.999/"),
        ],
    ),
    "paper-10-1145-3000000-3000001": (
        "Huang, Y., O'Brien, S., & González, L. (2024). "
        "Naïve Caching Is Not Enough: Serving LLMs with 100% Recall. "
        "ACM Comput. Surv., 57(4).",
        "Huang, Y.",
        [("DOI", "https://doi.org/10.1145/3000000.3000001")],
    ),
    "dblp-conf-emnlp-huangmz24": (
        "Huang, Y., Müller, J., & Zhao, W. (2024). "
        "Tool Use & Planning in LLM Agents. "
        "Proceedings of the 2024 Conference on Empirical Methods in Natural "
        "Language Processing, EMNLP 2024, Miami, FL, USA, November 12-16, 2024, "
        "1–12.",
        "Huang, Y.",
        [("ACL Anthology", "https://aclanthology.org/2024.emnlp-main.998")],
    ),
    "dblp-journals-corr-abs-2401-00002": (
        "Huang, Y., & Yuan, B. (2024). Long-Context Inference on Consumer GPUs. "
        "CoRR, abs/2401.00002.",
        "Huang, Y.",
        [
            ("arXiv", "https://arxiv.org/abs/2401.00002"),
            ("DOI", "https://doi.org/10.48550/ARXIV.2401.00002"),
        ],
    ),
    "huang2023subquadratic": (
        "Huang, Y., Yuan, B., & Han, X. (2023). "
        "Sub-Quadratic Attention in O(n log n) for α-Sparse LLMs. "
        "arXiv preprint arXiv:2312.00003.",
        "Huang, Y.",
        [("arXiv", "https://arxiv.org/abs/2312.00003")],
    ),
    "huang2023sub": (
        "Huang, Y., Yuan, B., Han, X., et al. (2023). "
        "Sub-quadratic attention for long-context LLM inference. "
        "arXiv preprint arXiv:2312.00004.",
        "Huang, Y.",
        [("arXiv", "https://arxiv.org/abs/2312.00004")],
    ),
    "zhang2022cjk": (
        "张三, & 黄宇翔 (2022). 大语言模型的高效推理：综述. 中文信息学报, 36(5), 1–10.",
        "黄宇翔",
        [],
    ),
}


def _text(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


@pytest.fixture(scope="module")
def page(module_app: SphinxTestApp) -> BeautifulSoup:
    assert module_app.warning.getvalue() == ""
    index = module_app.outdir / "index.html"
    return BeautifulSoup(index.read_text("utf-8"), "html.parser")


def test_every_export_is_listed_newest_first(page: BeautifulSoup) -> None:
    shown = [li["id"] for li in page.find_all("li", class_="publication")]
    assert shown == list(EXPECTED)


@pytest.mark.parametrize("anchor", list(EXPECTED))
def test_export_renders_as_expected(page: BeautifulSoup, anchor: str) -> None:
    reference, owner, links = EXPECTED[anchor]
    entry = page.find("li", id=anchor)
    line = entry.find("p", class_="publication-reference")
    assert _text(line) == reference
    assert [_text(strong) for strong in line.find_all("strong")] == [owner]
    meta = entry.find("p", class_="publication-meta")  # none when empty
    found = meta.find_all("a") if meta else []
    assert [(_text(a), a["href"]) for a in found] == links


def test_month_macro_stays_a_macro_in_the_bibtex(page: BeautifulSoup) -> None:
    source = page.find("li", id="muller-etal-2024-speculative").find("pre").get_text()
    assert "  month = nov,\n" in source
    assert "abstract" not in source


def test_export_noise_is_left_out_of_the_bibtex(page: BeautifulSoup) -> None:
    source = page.find("li", id="dblp-conf-emnlp-huangmz24").find("pre").get_text()
    assert source.startswith("@inproceedings{DBLP:conf/emnlp/HuangMZ24,\n")
    for name in ("timestamp", "biburl", "bibsource"):
        assert f"{name} =" not in source
    assert "  pages = {1--12},\n" in source
