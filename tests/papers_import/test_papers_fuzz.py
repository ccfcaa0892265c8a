"""Generated titles, venues and names (hypothesis): whatever a source sends,
the text the import accepts reads back as written, or the record is skipped."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from academic_site.commands import papers

pytestmark = pytest.mark.fuzz

OLD = (Path(__file__).parent / "data" / "papers.bib").read_text("utf-8")
TODAY = datetime.date(2025, 8, 1)
#: What BibTeX, LaTeX and pylatexenc read as markup, and what pages break on.
SPECIAL = "&%#_~^\\{}$@,=\"'`-\u2013!?:;.()[]<>|*+/ \u00a0\u2028\ufeff\u202e\u00e9"
texts = st.one_of(
    st.text(alphabet=st.sampled_from([*SPECIAL, "a", "Z", "1"]), max_size=30),
    st.text(max_size=30),
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=texts, venue=texts, name=texts)
# Found by this test: an author named "#" read back as a mark, not a name.
@example(title="1", venue="", name="#")
def test_accepted_text_reads_back_as_written(
    title: str, venue: str, name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    try:
        record = papers.Record(
            source="DBLP",
            link="https://dblp.org/rec/x",
            entry_type="inproceedings",
            title=papers.plain(title, "title"),
            authors=(papers.author_name(name),),
            year="2025",
            venue=papers.plain(venue, "venue", required=False),
        )
    except papers.Skip:
        return  # one stderr line in the command
    key = papers.cite_key(record, {"lovelace2024notes"})
    entry = papers.entry_text(record, key, TODAY)
    # Raises (and nothing is written) unless the build reads the entry as written.
    papers.check_read_back(
        Path("x.bib"), OLD, papers.appended(OLD, [entry]), {key: record}
    )
