"""The configuration is validated once and is authoritative (site/config.py).

A value of the wrong type is one warning naming it, and its default is
written back, so every read of it, the accessor's or a raw
``config.homepage_*``, sees what the build uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from academic_site.site.config import homepage_config
from tests.helpers import copy_root

pytestmark = pytest.mark.sphinx(
    "html",
    testroot="discoverability",
    confoverrides={
        "homepage_feed_file": 3,
        "homepage_trim_assets": 5,
        "homepage_redirects": ["old"],
    },
)


def test_each_bad_value_is_one_warning_naming_it(module_app):
    warnings = strip_colors(module_app.warning.getvalue()).splitlines()
    for name, default in [
        ("homepage_feed_file", "'news.xml'"),
        ("homepage_trim_assets", "True"),
        ("homepage_redirects", "{}"),
    ]:
        about = [line for line in warnings if name in line]
        assert len(about) == 1, about  # ours, and not Sphinx's type check too
        assert f"using the default {default}" in about[0]


def test_the_default_is_written_back_for_every_reader(module_app):
    config = module_app.config
    assert config.homepage_feed_file == "news.xml"
    assert config.homepage_trim_assets is True
    assert config.homepage_redirects == {}
    assert homepage_config(module_app).feed_file == "news.xml"
    assert homepage_config(module_app.env) is homepage_config(config)


def test_the_build_uses_the_default(module_app):
    assert (Path(module_app.outdir) / "news.xml").is_file()


def test_a_bad_value_in_conf_py_is_reported_at_its_line(make_app, tmp_path):
    root = Path(__file__).parents[1] / "roots" / "test-discoverability"
    conf = (root / "conf.py").read_text(encoding="utf-8")
    conf += "\nhomepage_llms_file = ['llms.txt']\n"
    app = make_app(
        "html",
        srcdir=copy_root(root, tmp_path / "src", {"conf.py": conf}),
    )
    line = len(conf.splitlines())
    warnings = strip_colors(app.warning.getvalue())
    assert f"conf.py:{line}: WARNING: homepage_llms_file must be a string" in warnings
    assert app.config.homepage_llms_file == "llms.txt"


def test_modules_read_the_values_only_through_the_accessor():
    package = Path(__file__).parents[2] / "src" / "academic_site"
    raw = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        if path != package / "site" / "config.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"config(\.|\[[\"'])homepage_", line)
    ]
    assert raw == [], "read homepage_* values with homepage_config(...)"
