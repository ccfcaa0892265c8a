"""handbook/configuration.md names every homepage_* value, and only those."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from academic_site.site.config import PREFIX, HomepageConfig

TABLE = Path(__file__).parents[2] / "handbook" / "configuration.md"


def test_the_configuration_table_names_every_value() -> None:
    rows = re.findall(r"^\| `(homepage_\w+)` \|", TABLE.read_text("utf-8"), re.M)
    fields = [PREFIX + field.name for field in dataclasses.fields(HomepageConfig)]
    assert sorted(rows) == sorted(fields)
