"""End to end: each page's "Show me" demo runs in headless Chromium and draws its figures without an error box.

Generous waits: the demos run real methods on real datasets, on a machine that may be loaded.
Set ``GRAPHLENS_SCREENSHOTS`` to a folder to keep a full-page screenshot of each demo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_no_error_box, open_app_page, wait_for_app_run

pytestmark = pytest.mark.e2e

#: Page path -> (button text, expected number of charts at least).
DEMO_PAGES = {
    "summarize": ("Show me", 2),
    "hypergraphs": ("Show me", 2),
    "scene_graphs": ("Show me", 2),
    "embeddings": ("Show me", 6),  # mAP bars and lines, F1, cost, two PCA projections
}

#: [content width, frame width] of each table of the page (glide grid's scroller scrolls sideways when wider).
TABLE_WIDTHS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller'))
    .map(el => [el.scrollWidth, el.clientWidth])"""
#: Pages whose demo shows results tables, and how many.
DEMO_TABLES = {"embeddings": 2}


def _assert_tables_fit(page, page_name: str, width: int) -> None:
    widths = page.evaluate(TABLE_WIDTHS)
    assert len(widths) >= DEMO_TABLES.get(page_name, 0), f"tables not found: {widths}"
    assert all(content <= frame + 1 for content, frame in widths), f"a table is wider than its frame at {width} px: {widths}"


@pytest.mark.parametrize("page_name", sorted(DEMO_PAGES))
def test_show_me_demo_draws_its_figures(app_url, page_name, chromium):
    button_text, n_charts = DEMO_PAGES[page_name]
    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), f"{app_url}/{page_name}")
    page.get_by_role("button", name=button_text).first.click()
    wait_for_app_run(page, timeout=600_000)
    page.wait_for_function(
        f'document.querySelectorAll(\'[data-testid="stPlotlyChart"] .main-svg\').length >= {n_charts}',
        timeout=180_000)
    assert_no_error_box(page)
    assert page.locator('[data-testid="stAlertContentInfo"]').count() >= 1  # the narrative
    _assert_tables_fit(page, page_name, 1400)
    page.set_viewport_size({"width": 1280, "height": 800})  # Playwright's default width
    page.wait_for_timeout(500)
    _assert_tables_fit(page, page_name, 1280)
    folder = os.environ.get("GRAPHLENS_SCREENSHOTS")
    if folder:
        page.wait_for_timeout(1000)
        page.screenshot(path=str(Path(folder) / f"{page_name}.png"), full_page=True)
