"""No page shows doubled punctuation or a stray separator, as Chromium lays
it out: CSS generated content (the ``·`` between a paper's links) counted,
each visual line as the reader sees it (issue 21: a stray ``·`` began the link
line of every paper without a venue badge; ``Nat. Commun..``; ``Phys. Rev.,,``).

One pass over every page of both editions, at a phone's width (where lines
wrap most). A wrapped line may end with a separator, as it may with a comma,
but no line begins with one and no paragraph ends with one. Code blocks are
left out: ``..`` is code there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The article's text as Chromium lays it out, one string per visual line,
#: with each ``::before``/``::after`` string put in as the text it draws: the
#: pseudo-element is replaced by a span of the same text, display and
#: margins, so the lines wrap where they did.
VISUAL_LINES = """() => {
  const root = document.querySelector('article') || document.body;
  root.querySelectorAll('pre, .highlight, script, style').forEach(e => e.remove());
  const made = [];
  for (const element of root.querySelectorAll('*')) {
    for (const where of ['before', 'after']) {
      const style = getComputedStyle(element, '::' + where);
      const string = /^"((?:[^"\\\\]|\\\\.)*)"/.exec(style.content || '');
      if (!string || !string[1] || style.display === 'none') continue;
      made.push([element, where, string[1].replace(/\\\\(.)/g, '$1'), {
        display: style.display, marginLeft: style.marginLeft,
        marginRight: style.marginRight, paddingLeft: style.paddingLeft,
        paddingRight: style.paddingRight, fontSize: style.fontSize,
      }]);
    }
  }
  const off = document.createElement('style');
  off.textContent = '[data-made-before]::before, [data-made-after]::after'
    + ' { content: none !important; }';
  document.head.append(off);
  for (const [element, where, text, style] of made) {
    const span = document.createElement('span');
    span.textContent = text;
    Object.assign(span.style, style);
    element.setAttribute('data-made-' + where, '');
    if (where === 'before') element.prepend(span); else element.append(span);
  }
  const blockOf = node => {
    let element = node.parentElement;
    while (element !== root && getComputedStyle(element).display.startsWith('inline'))
      element = element.parentElement;
    return element;
  };
  const lines = [];
  let last = null;  // {block, bottom, text}
  const range = document.createRange();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const block = blockOf(node);
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;  // collapsed white space, or not rendered
      const character = node.data[i];
      if (!last || last.block !== block || box.top >= last.bottom - 1) {
        if (!box.width && /\\s/.test(character)) continue;
        if (last && last.block !== block) last.end = true;
        last = {block, bottom: box.bottom, text: '', end: false};
        lines.push(last);
      }
      last.bottom = Math.max(last.bottom, box.bottom);
      last.text += /\\s/.test(character) ? ' ' : character;
    }
  }
  if (last) last.end = true;
  return lines.map(line => [line.text.replace(/ +/g, ' ').trim(), line.end]);
}"""

#: Doubled punctuation (``..`` but not an ellipsis ``...``).
DOUBLED = re.compile(r"(?<![.\w/])\.\.(?![./\w])|,,|;;|,\s+[.,;]|;\s*,")
#: What no visual line may begin with: punctuation and separators end a
#: wrapped line, as a comma does, never begin one.
LINE_START = re.compile(r"^[,;:.·|]")
#: What no block (a paragraph, a list item) may end with.
BLOCK_END = re.compile(r"[,;·|]$")
#: Characters that draw nothing (the word joiner that keeps a ``·`` on its line).
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def test_no_doubled_punctuation_or_stray_separator(
    browser: Browser, base_url: str, page_names: list[str]
) -> None:
    context = harness.new_context(browser, width=harness.MOBILE_WIDTH)
    problems = []
    for name in page_names:
        harness.load(context, base_url + name)
        page = context.pages[-1]
        for text, ends_block in page.evaluate(VISUAL_LINES):
            line = INVISIBLE.sub("", text)
            if DOUBLED.search(line):
                problems.append(f"{name}: doubled punctuation: {line!r}")
            if LINE_START.search(line):
                problems.append(f"{name}: a line begins with a separator: {line!r}")
            if ends_block and BLOCK_END.search(line):
                problems.append(f"{name}: a block ends with a separator: {line!r}")
        page.close()
    context.close()
    assert not problems, "\n".join(problems)
