"""No page shows doubled punctuation or a stray separator, as Chromium lays
it out: CSS generated content (the ``·`` between a paper's links) counted,
each visual line as the reader sees it (issue 21: a stray ``·`` began the link
line of every paper without a venue badge; ``Nat. Commun..``; ``Phys. Rev.,,``).

Read in the phone's pass over every page of both editions (where lines wrap
most; ``walk.VISUAL_LINES``), every <details> open. A wrapped line may end
with a separator, as it may with a comma, but no line begins with one and no
paragraph ends with one. Code blocks are left out: ``..`` is code there.
"""

from __future__ import annotations

import re

from tests.browser import walk
from tests.browser.conftest import presets

#: Doubled punctuation (``..`` but not an ellipsis ``...``).
DOUBLED = re.compile(r"(?<![.\w/])\.\.(?![./\w])|,,|;;|,\s+[.,;]|;\s*,")
#: What no visual line may begin with: punctuation and separators end a
#: wrapped line, as a comma does, never begin one.
LINE_START = re.compile(r"^[,;:.·|]")
#: What no block (a paragraph, a list item) may end with.
BLOCK_END = re.compile(r"[,;·|]$")
#: Characters that draw nothing (the word joiner that keeps a ``·`` on its line).
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


@presets(walk.PHONE)
def test_no_doubled_punctuation_or_stray_separator(visits: walk.Pass) -> None:
    problems = []
    assert any(visit.lines for visit in visits.values())
    for name, visit in visits.items():
        for text, ends_block in visit.lines:
            line = INVISIBLE.sub("", text)
            if DOUBLED.search(line):
                problems.append(f"{name}: doubled punctuation: {line!r}")
            if LINE_START.search(line):
                problems.append(f"{name}: a line begins with a separator: {line!r}")
            if ends_block and BLOCK_END.search(line):
                problems.append(f"{name}: a block ends with a separator: {line!r}")
        problems += [f"{name}: squeezed to {line}" for line in visit.squeezed]
    assert not problems, "\n".join(problems)
