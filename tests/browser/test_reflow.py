"""Zoomed to 200% and on a 320 px screen, no line of text runs off the side (WCAG 1.4.10).

Two ways of getting there, on every page:

- a 320 CSS px wide viewport (the narrowest phone WCAG's reflow rule names);
- a 1280 px wide window at 200% zoom: 640 CSS px at two device pixels per CSS pixel.

furo hides horizontal overflow on ``<html>``, so "no horizontal scrolling" is checked on
the text itself: every line of visible text must lie within the viewport. Code blocks and
tables may scroll inside their own box (WCAG's exception for two-dimensional content);
text inside such a scrolling box is not counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from browser.site_server import SiteServer

pytestmark = pytest.mark.browser

#: Lines of visible text that end outside the viewport (or start before it).
TEXT_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsByItself = (element) => {
    for (let n = element; n && n !== document.body; n = n.parentElement) {
      const overflow = getComputedStyle(n).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && n.scrollWidth > n.clientWidth) {
        return true;
      }
    }
    return false;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, noscript, svg")) continue;
    const style = getComputedStyle(parent);
    if (style.visibility !== "visible") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 0.5 && r.left >= -0.5) continue;
      // Visually hidden text (1x1 px, clipped) and closed off-screen drawers are not lines.
      if (parent.closest(".visually-hidden")) continue;
      if (scrollsByItself(parent)) continue;
      const text = node.textContent.trim().slice(0, 50);
      const span = `${Math.round(r.left)}..${Math.round(r.right)} px`;
      out.push(`${parent.tagName.toLowerCase()}.${parent.className}: "${text}" spans ${span}`);
      break;
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, out};
}"""

SETUPS = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
    "200%-zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("setup", list(SETUPS))
def test_no_text_runs_off_the_side(
    open_page: Any, server: SiteServer, pages: list[str], setup: str
) -> None:
    page = open_page(**SETUPS[setup])
    problems = []
    for name in pages:
        page.goto(server.url(name))
        result = page.evaluate(TEXT_OUTSIDE)
        assert result["width"] == SETUPS[setup]["viewport"]["width"], "viewport not applied"
        problems += [f"{name}: {line}" for line in result["out"]]
        if result["scrollWidth"] > result["width"] + 1:
            problems.append(f"{name}: the page is {result['scrollWidth']} px wide")
    assert not problems, f"{setup}:\n" + "\n".join(problems)


def test_the_check_sees_text_off_the_side(open_page: Any) -> None:
    """The check itself fails on a line that cannot wrap."""
    page = open_page(viewport={"width": 320, "height": 640})
    page.set_content(
        "<html><body style='margin:0'><p>" + "unbreakable" * 20 + "</p>"
        "<pre style='overflow-x:auto'>" + "scrolls-by-itself" * 20 + "</pre></body></html>"
    )
    result = page.evaluate(TEXT_OUTSIDE)
    assert len(result["out"]) == 1
    assert "unbreakable" in result["out"][0]
