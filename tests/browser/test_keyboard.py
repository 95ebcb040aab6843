"""The site with only a keyboard, on every page, at phone and laptop widths.

- The first Tab reaches a visible "Skip to content" link, and Enter on it moves the
  keyboard into the page's content.
- Every Tab stop shows a clear focus ring, is on screen and is not hidden under
  something else (a sticky header, an off-screen drawer).
- The crisis lines (their tap-to-call numbers) are reachable by Tab on every page.
- The PDF download link is reachable by Tab: in the sidebar on a laptop; on a phone
  after opening the menu with Enter, which Escape closes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from browser.support import CRISIS_BOXES, ELEMENT_PATH, FOCUS_STATE, LAPTOP, PHONE
from conftest import CONF

if TYPE_CHECKING:
    from browser.site_server import SiteServer
    from playwright.sync_api import Page

#: The menu button's name in each language (docs/conf.py's handout_text).
MENU = {
    code: words.get("label_menu", CONF["handout_text"]["en"]["label_menu"])
    for code, words in CONF["handout_text"].items()
}

pytestmark = pytest.mark.browser

#: More Tab stops than any page can have (the appendix has about two hundred).
MAX_STOPS = 1500
#: The thinnest focus ring that counts as clearly visible, in CSS pixels.
MIN_OUTLINE = 2
VIEWPORTS = [PHONE, LAPTOP]
VIEWPORT_IDS = ["390px", "1280px"]


def tab(page: Page) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    state: dict[str, Any] | None = page.evaluate(FOCUS_STATE)
    return state


def walk(page: Page) -> list[dict[str, Any]]:
    """Every Tab stop from the top of the page until focus leaves it or comes round again."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_STOPS):
        state = tab(page)
        if state is None or (stops and state["path"] == stops[0]["path"]):
            return stops
        stops.append(state)
    pytest.fail(f"{page.url}: more than {MAX_STOPS} Tab stops, or a keyboard trap")


def label(state: dict[str, Any]) -> str:
    return f"<{state['tag']} class={state['classes']!r} href={state['href']!r}> {state['name']!r}"


@dataclass
class Walk:
    """One page's Tab stops, and the crisis boxes on it (as element paths)."""

    stops: list[dict[str, Any]]
    crisis_boxes: list[str]


@pytest.fixture(scope="module")
def walks(browser: Any, server: SiteServer, pages: list[str]) -> dict[int, dict[str, Walk]]:
    """Every page walked with Tab once at each width; several tests check the walks."""
    result: dict[int, dict[str, Walk]] = {}
    for viewport in VIEWPORTS:
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = context.new_page()
        result[viewport["width"]] = {}
        for name in pages:
            page.goto(server.url(name))
            boxes = page.locator(CRISIS_BOXES).evaluate_all(f"boxes => boxes.map({ELEMENT_PATH})")
            result[viewport["width"]][name] = Walk(walk(page), boxes)
        context.close()
    return result


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_skip_link_reaches_the_content(
    open_page: Any, server: SiteServer, pages: list[str], viewport: dict[str, int]
) -> None:
    page = open_page(viewport=viewport)
    problems = []
    for name in pages:
        page.goto(server.url(name))
        first = tab(page)
        if first is None or "skip-to-content" not in first["classes"]:
            problems.append(f"{name}: the first Tab stop is {first and label(first)}")
            continue
        if not (first["inViewport"] and first["unobscured"]):
            problems.append(f"{name}: the skip link is not visible when focused")
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#furo-main-content'")
        after = tab(page)
        if after is None or not after["inArticleOrAfter"]:
            problems.append(f"{name}: after the skip link, Tab went to {after and label(after)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [PHONE["width"], LAPTOP["width"]], ids=VIEWPORT_IDS)
def test_every_tab_stop_is_visible_with_a_focus_ring(
    walks: dict[int, dict[str, Walk]], width: int
) -> None:
    problems = []
    for name, walked in walks[width].items():
        assert walked.stops, f"{name}: no Tab stops at all"
        for stop in walked.stops:
            faults = []
            if not stop["focusVisible"]:
                faults.append("not :focus-visible")
            if stop["outlineStyle"] == "none" or stop["outlineWidth"] < MIN_OUTLINE:
                faults.append(f"focus ring {stop['outlineStyle']} {stop['outlineWidth']}px")
            if stop["visibility"] != "visible" or not stop["inViewport"]:
                faults.append("off screen or hidden")
            elif not stop["unobscured"]:
                faults.append("covered by something else")
            if faults:
                problems.append(f"{name}: {label(stop)}: {', '.join(faults)}")
    assert not problems, f"{width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [PHONE["width"], LAPTOP["width"]], ids=VIEWPORT_IDS)
def test_crisis_lines_are_reachable_by_tab(walks: dict[int, dict[str, Walk]], width: int) -> None:
    """Every page has crisis lines, and Tab reaches a phone link in each crisis box."""
    problems = []
    for name, walked in walks[width].items():
        if not walked.crisis_boxes:
            problems.append(f"{name}: no crisis lines on the page")
        for box in walked.crisis_boxes:
            phones = [
                stop
                for stop in walked.stops
                if stop["crisisBox"] == box and (stop["href"] or "").startswith(("tel:", "sms:"))
            ]
            if not phones:
                problems.append(f"{name}: Tab reaches no phone link in the crisis box {box}")
    assert not problems, f"{width} px:\n" + "\n".join(problems)


def test_pdf_download_link_is_reachable_by_tab_on_a_laptop(
    walks: dict[int, dict[str, Walk]],
) -> None:
    problems = [
        name
        for name, walked in walks[LAPTOP["width"]].items()
        if not any(
            "handout-download-link" in stop["classes"] and stop["inSidebar"]
            for stop in walked.stops
        )
    ]
    assert not problems, "No PDF download link in the Tab order of: " + ", ".join(problems)


def test_pdf_download_link_is_reachable_by_tab_on_a_phone(
    open_page: Any, server: SiteServer, pages: list[str]
) -> None:
    """On a phone the menu is closed: Tab to its button and press Enter; focus moves into
    the menu, and Tab reaches the PDF link. Escape closes the menu and focus goes back
    to the button; so does tabbing past the menu's last link."""
    page = open_page(viewport=PHONE)
    menu_open = "document.getElementById('__navigation').checked"
    problems = []
    for name in pages:
        page.goto(server.url(name))
        menu = MENU[page.evaluate("document.documentElement.lang")]  # in the page's language
        state = tab(page)
        while state is not None and not (
            "drawer-button" in state["classes"] and state["name"] == menu
        ):
            state = tab(page)
        if state is None:
            problems.append(f"{name}: Tab never reached the menu button")
            continue
        page.keyboard.press("Enter")
        page.wait_for_function(menu_open)
        state = page.evaluate(FOCUS_STATE)
        if state is None or not state["inSidebar"]:
            problems.append(f"{name}: opening the menu left focus on {state and label(state)}")
        while state is not None and state["inSidebar"]:
            if "handout-download-link" in state["classes"]:
                if not (state["inViewport"] and state["unobscured"]):
                    problems.append(f"{name}: the PDF link is focused but hidden")
                break
            state = tab(page)
        else:
            problems.append(f"{name}: Tab went through the menu without the PDF link")
        page.keyboard.press("Escape")
        back = page.evaluate(FOCUS_STATE)
        if page.evaluate(menu_open):
            problems.append(f"{name}: Escape did not close the menu")
        elif back is None or back["name"] != menu:
            problems.append(f"{name}: after Escape, focus is on {back and label(back)}")
            continue
        # Open it again and Tab past its end: it closes, and focus is not left under it.
        page.keyboard.press("Enter")
        page.wait_for_function(menu_open)
        for _ in range(MAX_STOPS):
            state = tab(page)
            if state is None or not state["inSidebar"]:
                break
        if page.evaluate(menu_open):
            problems.append(f"{name}: Tab left the menu, but it stayed open")
    assert not problems, "\n".join(problems)


def test_closed_phone_menu_is_out_of_the_tab_order(
    walks: dict[int, dict[str, Walk]],
) -> None:
    """The check above is not vacuous: with the menu closed, Tab skips the sidebar."""
    for name, walked in walks[PHONE["width"]].items():
        assert not any(stop["inSidebar"] for stop in walked.stops), name
        assert any("drawer-button" in stop["classes"] for stop in walked.stops), name
