"""axe-core on every page: WCAG 2.0/2.1/2.2 A and AA plus best practices, zero violations.

Light and dark colour schemes, phone (390 px) and laptop (1280 px) widths. No rule is
disabled: furo's own problems are fixed in docs/_templates and docs/_static.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from browser.support import LAPTOP, PHONE

if TYPE_CHECKING:
    from browser.site_server import SiteServer
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

#: Every WCAG A/AA rule axe-core has, up to WCAG 2.2, plus its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now."""
    page.add_script_tag(content=axe_source)
    result: dict[str, Any] = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    return list(result["violations"])


def describe(page_name: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(
            f"{page_name}: {violation['id']} ({violation['impact']}) "
            f"x{len(violation['nodes'])}: {violation['help']} [{targets}]"
        )
    return lines


def background_is_dark(page: Page) -> bool:
    luminance: float = page.evaluate(
        """() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor
                .match(/[\\d.]+/g).slice(0, 3).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }"""
    )
    return luminance < 0.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_no_axe_violations(
    open_page: Any,
    server: SiteServer,
    pages: list[str],
    axe_source: str,
    scheme: str,
    viewport: dict[str, int],
) -> None:
    page = open_page(viewport=viewport, color_scheme=scheme)
    problems = []
    for name in pages:
        page.goto(server.url(name))
        # The colour scheme took effect: the checks below are on the scheme named.
        assert background_is_dark(page) == (scheme == "dark"), f"{name}: not in {scheme} scheme"
        problems += describe(name, run_axe(page, axe_source))
    assert not problems, f"axe-core, {scheme} scheme, {viewport['width']} px:\n" + "\n".join(
        problems
    )


def test_axe_reports_a_known_violation(open_page: Any, axe_source: str) -> None:
    """The harness itself works: a page with known faults does fail."""
    page = open_page()
    page.set_content(
        '<html><body><main><h1>Test</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#777;background:#888">low contrast</p></main></body></html>'
    )
    ids = {violation["id"] for violation in run_axe(page, axe_source)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= ids
