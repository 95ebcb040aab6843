"""Screenshots of every page at phone and laptop width, for reviewers; no errors on the way.

Written to ``build/screenshots/<page>-<width>.png`` (whole page); CI uploads that folder
as an artifact. While taking them, every page must load without a JavaScript error, a
console error or a failed request (Lighthouse's "best practices" fails on those too).
"""

from __future__ import annotations

import shutil
import struct
from typing import TYPE_CHECKING, Any

import pytest
from browser.support import LAPTOP, PHONE, SCREENSHOTS

if TYPE_CHECKING:
    from browser.site_server import SiteServer

pytestmark = pytest.mark.browser


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def screenshot_dir() -> Any:
    """A clean ``build/screenshots``: no picture of a page that no longer exists."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_screenshot_every_page_without_errors(
    browser: Any,
    server: SiteServer,
    pages: list[str],
    screenshot_dir: Any,
    viewport: dict[str, int],
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: console: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{page.url}: HTTP {response.status} for {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on("requestfailed", lambda request: errors.append(f"{page.url}: failed {request.url}"))
    width = viewport["width"]
    for name in pages:
        page.goto(server.url(name), wait_until="networkidle")
        path = screenshot_dir / f"{name.removesuffix('.html').replace('/', '__')}-{width}.png"
        data = page.screenshot(path=path, full_page=True)
        shot_width, shot_height = png_size(data)
        assert shot_width == width, f"{path.name}: {shot_width} px wide"
        assert shot_height >= viewport["height"] // 2, f"{path.name}: only {shot_height} px tall"
    context.close()
    assert not errors, "\n".join(errors)
    assert len(list(screenshot_dir.glob(f"*-{width}.png"))) == len(pages)
