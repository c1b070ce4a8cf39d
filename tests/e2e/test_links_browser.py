"""End to end: a shared link opens Explore on its view in headless Chromium, the "Copy link" box holds the
address with its query, the Louvain colours have a legend and the degree distribution's ticks are percent.

Set ``GRAPHLENS_SCREENSHOTS`` to a folder to keep a full-page screenshot of the view.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.conftest import assert_no_error_box, open_app_page

pytestmark = pytest.mark.e2e

LINK = {"dataset": "les_miserables", "layout": "spectral", "color": "louvain", "size": "degree", "search": "Valjean"}


def test_a_link_reopens_explore_and_its_figures_read_without_the_code(app_url, chromium):
    query = "&".join(f"{name}={value}" for name, value in LINK.items())
    page = open_app_page(chromium.new_page(viewport={"width": 1500, "height": 1100}), f"{app_url}/?{query}")
    # the drawing (the mounted component of pages/_canvas.py) and the degree distribution
    page.wait_for_function("document.querySelector('.graphlens-canvas[data-revision] .main-svg') !== null"
                           " && document.querySelector('[data-testid=\"stPlotlyChart\"] .main-svg') !== null",
                           timeout=180_000)
    assert_no_error_box(page)
    # the address bar holds the view (the page wrote its other settings too)
    shown = dict(parse_qsl(urlsplit(page.url).query))
    assert {name: shown.get(name) for name in LINK} == LINK
    # a legend for the Louvain colours: one entry per community, with its size
    legend = page.locator('.graphlens-canvas .legendtext').all_text_contents()
    assert legend and all(text.startswith("louvain ") and text.endswith(" nodes)") for text in legend)
    # the degree distribution's probability ticks are percent, never an SI "µ" or "m"
    ticks = page.locator('[data-testid="stPlotlyChart"] .ytick text').all_text_contents()
    percent = [t for t in ticks if t.endswith("%")]
    assert percent and not any(("µ" in t or "μ" in t or t.endswith("m")) for t in ticks)
    # the "Copy link" popover shows the same address in a code box (with its copy button)
    page.get_by_role("button", name="Copy link").first.click()
    code = page.locator('[data-testid="stCode"] code').filter(has_text="dataset=").first
    code.wait_for(timeout=30_000)
    address = code.inner_text().strip()
    assert address.startswith(app_url) and dict(parse_qsl(urlsplit(address).query)) == shown
    folder = os.environ.get("GRAPHLENS_SCREENSHOTS")
    if folder:
        page.wait_for_timeout(1000)
        page.screenshot(path=str(Path(folder) / "explore_link.png"), full_page=True)
