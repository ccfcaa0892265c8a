"""One walk over every page per device, each page checked in every preset.

The browser tests check many things of every page: axe-core, the requests
and console, sideways scrolling, legible text, the keyboard focus, the page's
state for the hosted comparison, the weight, in six presets (a width and a
colour theme). Opening each page once per check made the suite walk the
whole site a dozen times, and once per preset six times; :func:`walk` opens
each page once per device (a laptop, a phone), checks it at each of the
device's widths (the window resized) and in each theme (switched in place,
as furo's toggle does), and records all of it; the tests assert on what it
recorded (the ``visits`` fixture, ``tests/browser/conftest.py``).

Every device's browser profile asks for reduced motion ("still"), so that
nothing slides or scrolls smoothly while a check measures it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: The search page with results on it (written by a script).
SEARCH_RESULTS = "search.html?q=Huang"
#: Run axe-core on the page with the given options.
RUN_AXE = "options => axe.run(document, options)"
#: At most this many Tab presses per page.
MAX_TABS = 200

#: What a page shows, to compare with and without Read the Docs' script.
PAGE_STATE = """() => ({
  article: document.querySelector('article').innerHTML,
  sidebar: document.querySelector('.sidebar-drawer').innerHTML,
  theme: document.body.dataset.theme,
  standIn: window.readthedocsStandIn || null,
})"""
#: The focused element, as the reader sees it: does it show a focus ring, is
#: it on screen, and is it the element a click at its centre would hit
#: (not hidden under the sticky header or a drawer)?
FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  // A link that wraps has one box per line: test each line's box.
  const boxes = [...element.getClientRects()].filter(box => box.width && box.height)
    .filter(box => box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight);
  const hits = boxes.map(box => document.elementFromPoint(
    Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1),
    Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1)));
  const label = element.getAttribute('aria-label') || element.textContent.trim()
    || element.getAttribute('name') || element.className;
  return {
    what: element.tagName.toLowerCase() + ' "' + label.slice(0, 40) + '"',
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
    onScreen: boxes.length > 0 && style.visibility === 'visible',
    reachable: hits.some(hit => hit !== null && element.contains(hit)),
  };
}"""
#: What scrolls sideways: the page itself, or any box that scrolls on the x
#: axis (furo lets its content column do so on phones), except code blocks and
#: tables, which may scroll on their own, and the off-screen drawers.
SIDEWAYS_SCROLLERS = """() => [document.scrollingElement,
                             ...document.querySelectorAll('*')]
  .filter(element => {
    const overflow = getComputedStyle(element).overflowX;
    const scrolls = element === document.scrollingElement
      || overflow === 'auto' || overflow === 'scroll';
    return scrolls && element.scrollWidth > element.clientWidth
      && !element.closest(
        'pre, .highlight, .table-wrapper, .sidebar-drawer, .toc-drawer');
  })
  .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
    + `${element.scrollWidth} > ${element.clientWidth} px`)"""
#: Open every <details> (the BibTeX), as a reader would.
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = 1)"
#: Text in the page's article smaller than Lighthouse's legible 12 px, as
#: "<element>: <size> px" (the BibTeX of the publications was 11.4 px).
TINY_TEXT = """() => {
  const tiny = new Set();
  const walker = document.createTreeWalker(
    document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !element.getClientRects().length)
      continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 12) tiny.add(`${element.tagName.toLowerCase()}: ${size} px`);
  }
  return [...tiny];
}"""

#: The article's text as Chromium lays it out, one string per visual line,
#: with each ``::before``/``::after`` string put in as the text it draws: the
#: pseudo-element is replaced by a span of the same text, display and
#: margins, so the lines wrap where they did. Also each paper's link line
#: squeezed to every width, the lines that begin with a separator.
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
  const linesOf = top => {
    const blockOf = node => {
      let element = node.parentElement;
      while (element !== top
             && getComputedStyle(element).display.startsWith('inline'))
        element = element.parentElement;
      return element;
    };
    const lines = [];
    let last = null;  // {block, bottom, text, end}
    const range = document.createRange();
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
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
  };
  // Each paper's link line squeezed to every width from 120 px up: a
  // separator must begin no line wherever the line wraps, not only at the
  // widths today's text happens to wrap at.
  const squeezed = [];
  for (const meta of root.querySelectorAll('.publication-meta')) {
    for (let width = 120; width <= 480; width += 6) {
      meta.style.width = width + 'px';
      for (const [text] of linesOf(meta))
        if (/^[\\u2060\\s]*[·|,;]/.test(text)) squeezed.push(`${width} px: ${text}`);
    }
    meta.style.width = '';
  }
  return {lines: linesOf(root), squeezed};
}"""

#: axe-core's rules whose findings depend on the colour theme.
THEMED = [
    "color-contrast",
    "link-in-text-block",
    "image-alt",
    "svg-img-alt",
    "role-img-alt",
    "input-image-alt",
]


class Preset(NamedTuple):
    """What every page is checked in: a width and a colour theme."""

    width: int
    theme: str

    def __str__(self) -> str:  # the test id: "360-dark"
        return f"{self.width}-{self.theme}"

    @property
    def phone(self) -> bool:
        return self.width == harness.MOBILE_WIDTH

    @property
    def device(self) -> Device:
        """The walk this preset is checked in (:data:`DEVICES`)."""
        return next(device for device in DEVICES if self.width in device.widths)

    @property
    def axe_options(self) -> dict:
        """axe-core's options for the pass: every rule of :data:`harness.AXE_TAGS` in
        the light theme; in the dark one, the rules a colour theme can change
        (furo's dark theme is CSS variables over the same page, and its
        light- or dark-only images): the rest would find the same twice."""
        if self.theme != "dark":
            return harness.AXE_OPTIONS
        return {**harness.AXE_OPTIONS, "runOnly": {"type": "rule", "values": THEMED}}

    @property
    def tabs(self) -> bool:
        """Whether the pass presses Tab through each page (the keyboard
        focus, checked at a laptop's width and a phone's, in one theme)."""
        return self.theme == "light" and self.width in (
            harness.DESKTOP_WIDTH,
            harness.MOBILE_WIDTH,
        )


class Device(NamedTuple):
    """One walk over every page in one browser profile: each page is loaded
    once, at the first of *widths* in the light theme, and checked at each
    width (the window resized) in each theme (switched in place, as furo's
    toggle does). Loading a page again per preset cost more than its checks."""

    name: str
    widths: tuple[int, ...]

    @property
    def presets(self) -> list[Preset]:
        return [
            Preset(width, theme) for width in self.widths for theme in harness.THEMES
        ]


#: A laptop (1280 px) and Lighthouse's desktop (1350 px, where furo also
#: shows "On this page"), then a phone: two walks, one per xdist worker.
DEVICES = (
    Device("desktop", (harness.DESKTOP_WIDTH, harness.LIGHTHOUSE_DESKTOP_WIDTH)),
    Device("phone", (harness.MOBILE_WIDTH,)),
)
#: The presets axe-core checks: every width of every device, in both themes.
AXE_PRESETS = [preset for device in DEVICES for preset in device.presets]
#: The pass the requests, the weights and the hosted comparison come from.
DESKTOP = Preset(harness.DESKTOP_WIDTH, "light")
PHONE = Preset(harness.MOBILE_WIDTH, "light")
#: The passes that press Tab through every page.
TAB_PRESETS = [preset for preset in AXE_PRESETS if preset.tabs]
#: Puts the page in a colour theme as furo's toggle does (and as furo does
#: at load for a theme in storage).
SET_THEME = """theme => {
  document.body.dataset.theme = theme;
  localStorage.setItem('theme', theme);
}"""
#: The window's height (the width changes with the preset).
HEIGHT = 800


@dataclass
class Visit:
    """What one page showed in one preset."""

    load: harness.PageLoad
    #: PAGE_STATE right after loading, before any check touched the page.
    state: dict
    #: axe-core's violations, one line each.
    axe: list[str] = field(default_factory=list)
    #: What scrolls sideways (phone presets only).
    sideways: list[str] = field(default_factory=list)
    #: Text under 12 px with every <details> open (phone presets only).
    tiny_text: list[str] = field(default_factory=list)
    #: Focus problems, one line each, and how many Tabs focused something
    #: (None: the preset does not press Tab).
    focus: list[str] = field(default_factory=list)
    focused: int | None = None
    #: The article's visual lines as (text, ends its block), CSS generated
    #: content counted, with every <details> open (phone presets only).
    lines: list[tuple[str, bool]] = field(default_factory=list)
    #: Each paper's link line squeezed to every width: the lines that begin
    #: with a separator (phone presets only).
    squeezed: list[str] = field(default_factory=list)


class Pass(dict[str, Visit]):
    """page name -> :class:`Visit`, of one pass in :attr:`preset`."""

    def __init__(self, preset: Preset) -> None:
        super().__init__()
        self.preset = preset


def describe(page: str, violation: dict) -> str:
    """One line per axe violation: page, rule, impact, and where."""
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"{page}: {violation['id']} ({violation['impact']}) at {targets}"


def axe_violations(page: Page, options: dict = harness.AXE_OPTIONS) -> list[dict]:
    """axe-core's violations on *page*, where axe-core is loaded."""
    return page.evaluate(RUN_AXE, options)["violations"]


def run_axe(page: Page, options: dict = harness.AXE_OPTIONS) -> list[dict]:
    """axe-core's violations on *page* (injected into it)."""
    page.add_script_tag(content=harness.AXE_JS.read_text(encoding="utf-8"))
    return axe_violations(page, options)


def set_theme(page: Page, theme: str) -> None:
    """Switch *page* to *theme* in place, the system's colour scheme too."""
    page.emulate_media(color_scheme=theme)  # type: ignore[arg-type]
    page.evaluate(SET_THEME, theme)


def _press_tab_through(page: Page, name: str, visit: Visit) -> None:
    visit.focused = 0
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # focus left the page's last element
            break
        visit.focused += 1
        for check in ("ring", "onScreen", "reachable"):
            if not state[check]:
                visit.focus.append(f"{name}: {state['what']}: not {check}")


def walk(
    browser: Browser, base_url: str, names: list[str], device: Device
) -> dict[Preset, Pass]:
    """Open every page of *names* (and the search results) once on *device*
    and record every check's findings in each of its presets, in an order
    where no check disturbs the next: the load and the page's state (at the
    first width, light), then per width and theme sideways scrolling and
    axe, then (light again, at the first width) the keyboard focus, then the
    text with every ``<details>`` opened (its size, then its visual lines)."""
    first = Preset(device.widths[0], "light")
    context = harness.new_context(
        browser, width=first.width, theme=first.theme, still=True
    )
    # axe-core in every page from its start: as a script tag added to each
    # page it cost 0.15 s a page (parsed again each time), as an init script
    # 0.02 s.
    context.add_init_script(script=harness.AXE_JS.read_text(encoding="utf-8"))
    tab = harness.Tab(context, base_url)
    page = tab.page
    passes = {preset: Pass(preset) for preset in device.presets}
    for name in [*names, SEARCH_RESULTS]:
        page.set_viewport_size({"width": first.width, "height": HEIGHT})
        # Only the requests' pass waits for the network to be quiet (what each
        # page loads, weighs and logs); for the others the load event will do.
        load = tab.load(
            base_url + name, wait_until="quiet" if first == DESKTOP else "load"
        )
        if name == SEARCH_RESULTS:
            page.locator("#search-results .search-summary").wait_for()
        state = page.evaluate(PAGE_STATE)
        # The search results: axe and the requests (as before the passes merged).
        results = name == SEARCH_RESULTS
        for preset in device.presets:
            if preset.width != page.viewport_size["width"]:
                page.set_viewport_size({"width": preset.width, "height": HEIGHT})
            set_theme(page, preset.theme)
            theme = page.evaluate("document.body.dataset.theme")
            visit = passes[preset][name] = Visit(load, {**state, "theme": theme})
            if preset.phone and not results:
                visit.sideways = page.evaluate(SIDEWAYS_SCROLLERS)
            found = axe_violations(page, preset.axe_options)
            visit.axe = [describe(name, violation) for violation in found]
        page.set_viewport_size({"width": first.width, "height": HEIGHT})
        set_theme(page, first.theme)
        visit = passes[first][name]
        if first.tabs and not results:
            _press_tab_through(page, name, visit)
        if first.phone and not results:
            page.evaluate(OPEN_DETAILS)
            visit.tiny_text = page.evaluate(TINY_TEXT)
            # Last: it puts the generated content into the page as text.
            read = page.evaluate(VISUAL_LINES)
            visit.lines = [tuple(line) for line in read["lines"]]
            visit.squeezed = read["squeezed"]
    context.close()
    return passes


def load_pages(
    browser: Browser, base_url: str, names: list[str]
) -> dict[str, harness.PageLoad]:
    """What each page in *names* fetched, loaded in the :data:`DESKTOP`
    preset (for a site that is not walked: plain furo)."""
    context = harness.new_context(
        browser, width=DESKTOP.width, theme=DESKTOP.theme, still=True
    )
    tab = harness.Tab(context, base_url)
    loads = {name: tab.load(base_url + name) for name in names}
    context.close()
    return loads
