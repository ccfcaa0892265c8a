"""A number in a data file's text field reads as the owner wrote it.

YAML reads ``dates: 2025.10`` as the float 2025.1; a CV item showed
"2025.1". A text field gives the number's written form instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from academic_site.site.datafile import FieldReader, read_yaml


@pytest.mark.parametrize("written", ["2025.10", "2025.03", "1e3", "2024", "0.50"])
def test_a_number_in_a_text_field_is_its_written_form(
    tmp_path: Path, written: str
) -> None:
    path = tmp_path / "cv.yaml"
    path.write_text(f"- dates: {written}\n  text: x\n", "utf-8")
    (item,) = read_yaml(path).value
    assert FieldReader.of(path, item, "each item", 1).text("dates") == written
