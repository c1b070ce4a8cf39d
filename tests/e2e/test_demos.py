"""End to end: each page's "Show me" demo runs in headless Chromium and draws its figures without an error box.

Generous waits: the demos run real methods on real datasets, on a machine that may be loaded.
Set ``GRAPHLENS_SCREENSHOTS`` to a folder to keep a full-page screenshot of each demo.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

# the server fixture and the wait of test_browser.py (tests are not a package: load the file)
_SPEC = importlib.util.spec_from_file_location("graphlens_e2e_browser", Path(__file__).with_name("test_browser.py"))
_BROWSER = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_BROWSER)
app_url = _BROWSER.app_url
wait_for_app_run = _BROWSER._wait_for_app_run

pytestmark = pytest.mark.e2e

#: Page path -> (button text, expected number of charts at least).
DEMO_PAGES = {
    "summarize": ("Show me", 2),
    "hypergraphs": ("Show me", 2),
    "scene_graphs": ("Show me", 2),
}


@pytest.mark.parametrize("page_name", sorted(DEMO_PAGES))
def test_show_me_demo_draws_its_figures(app_url, page_name):  # noqa: F811
    from playwright.sync_api import sync_playwright

    button_text, n_charts = DEMO_PAGES[page_name]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{app_url}/{page_name}", timeout=120_000)
            wait_for_app_run(page, timeout=180_000)
            page.get_by_role("button", name=button_text).first.click()
            wait_for_app_run(page, timeout=600_000)
            page.wait_for_function(
                f'document.querySelectorAll(\'[data-testid="stPlotlyChart"] .main-svg\').length >= {n_charts}',
                timeout=180_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0
            assert page.locator('[data-testid="stAlertContentInfo"]').count() >= 1  # the narrative
            folder = os.environ.get("GRAPHLENS_SCREENSHOTS")
            if folder:
                page.wait_for_timeout(1000)
                page.screenshot(path=str(Path(folder) / f"{page_name}.png"), full_page=True)
        finally:
            browser.close()
