"""What the browser checks share: where Chromium and axe-core are, the screen sizes."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Debian's Chromium (``apt-get install chromium``); Playwright cannot download one here.
CHROMIUM = os.environ.get("HANDOUT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: axe-core, installed by ``npm ci`` from package-lock.json.
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: Screenshots for reviewers; CI uploads this folder as an artifact.
SCREENSHOTS = REPO / "build" / "screenshots"
#: Phone and laptop widths, in CSS pixels.
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

#: What a keyboard user sees of the focused element (``None``: focus is on no element).
#: Where an element is, as a path of tag names and child positions from <body>.
ELEMENT_PATH = """(element) => {
  const path = [];
  for (let n = element; n && n !== document.body; n = n.parentElement) {
    const siblings = n.parentElement ? Array.from(n.parentElement.children) : [n];
    path.unshift(`${n.tagName.toLowerCase()}:${siblings.indexOf(n)}`);
  }
  return path.join("/");
}"""
#: The boxes that hold crisis lines: the announcement bar, the footer notice, the
#: landing page's crisis admonition.
CRISIS_BOXES = ".announcement-content, .handout-crisis, .admonition.crisis"

#: What a keyboard user sees of the focused element (``None``: focus is on no element).
FOCUS_STATE = """() => {
  const elementPath = ELEMENT_PATH;
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const style = getComputedStyle(e);
  const rects = Array.from(e.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
  let inViewport = false;
  let unobscured = false;
  for (const r of rects) {
    if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue;
    inViewport = true;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === e || e.contains(hit))) unobscured = true;
  }
  const article = document.querySelector("article");
  const crisisBox = e.closest("CRISIS_BOXES");
  return {
    path: elementPath(e),
    tag: e.tagName.toLowerCase(),
    classes: typeof e.className === "string" ? e.className : "",
    href: e.getAttribute("href"),
    name: (e.getAttribute("aria-label") || e.innerText || e.value || "").trim().slice(0, 60),
    focusVisible: e.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    visibility: style.visibility,
    inViewport,
    unobscured,
    inSidebar: Boolean(e.closest(".sidebar-drawer")),
    crisisBox: crisisBox ? elementPath(crisisBox) : null,
    inArticleOrAfter: Boolean(
      article &&
        (article.contains(e) ||
          article.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)
    ),
  };
}""".replace("ELEMENT_PATH", ELEMENT_PATH).replace("CRISIS_BOXES", CRISIS_BOXES)
