"""End to end in headless Chromium: the Explore page repaints on a colour change and draws 100k nodes whole.

Above ``engine.figures.graph.MAX_POINTS`` nodes the whole graph is an overview: edges and nodes rendered
server-side as images, the highest-degree nodes as markers on top.

The app server (``tests/e2e/conftest.py``) runs with ``GRAPHLENS_DATA_DIR`` pointing at a folder holding a
generated 100,000-node graph. No timing is asserted.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.figures.graph import OVERVIEW_POINTS
from tests.e2e.conftest import WAIT_MS, assert_no_error_box, launch_chromium, wait_for_app_run

BIG_NODES = 100_000

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_env(tmp_path) -> dict:
    """The app's local-datasets folder holds ``ring_100k.txt``: a ring of 100,000 nodes with random chords."""
    data = tmp_path / "data"
    data.mkdir()
    nodes = np.arange(BIG_NODES)
    chords = np.random.default_rng(0).integers(0, BIG_NODES, BIG_NODES)
    source, target = np.concatenate([nodes, nodes]), np.concatenate([(nodes + 1) % BIG_NODES, chords])
    keep = source != target
    lines = np.char.add(np.char.add(source[keep].astype(str), " "), target[keep].astype(str))
    (data / "ring_100k.txt").write_text("\n".join(lines) + "\n")
    return {"GRAPHLENS_DATA_DIR": str(data)}


#: The drawing's Plotly graph div: number of node markers and the colour bar title ('' when none).
_DRAWING = """
() => {
  const g = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .find((d) => d._fullLayout && (d._fullData || []).some((t) => t.name === 'nodes'));
  if (!g || !g.querySelector('.main-svg')) return null;
  const nodes = g._fullData.find((t) => t.name === 'nodes');  // decoded arrays (data holds base64)
  const bar = nodes.marker && nodes.marker.colorbar && nodes.marker.colorbar.title;
  return {markers: nodes.x.length, colourbar: (bar && bar.text) || '', title: g._fullLayout.title.text,
          images: (g._fullLayout.images || []).length};
}
"""


def _choose(page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=re.compile(option)).first.click()
    wait_for_app_run(page)


def _drawing(page, predicate: str) -> dict:
    handle = page.wait_for_function(f"(() => {{ const d = ({_DRAWING})(); return d && ({predicate}) ? d : null; }})",
                                    timeout=WAIT_MS)
    return handle.json_value()


def test_explore_ego_facebook_colour_change_repaints(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            page.goto(app_url)
            wait_for_app_run(page)
            _choose(page, "Dataset", "ego-Facebook")
            drawn = _drawing(page, "d.markers === 4039")
            assert drawn["images"] == 1  # 88,234 edges: one server-rendered image under the markers
            _choose(page, "Colour by", "^pagerank$")
            drawn = _drawing(page, "d.colourbar === 'pagerank'")
            assert drawn["markers"] == 4039
            assert_no_error_box(page)
        finally:
            browser.close()


def test_explore_draws_a_100k_node_local_graph_whole(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            page.goto(app_url)
            wait_for_app_run(page)
            _choose(page, "Dataset", "ring_100k.txt")
            # every node and edge drawn: edges and nodes as images, the top-degree nodes as markers on top
            drawn = _drawing(page, "d.images === 2")
            assert "100,000 nodes" in drawn["title"] and "overview" in drawn["title"]
            assert drawn["markers"] == OVERVIEW_POINTS
            assert_no_error_box(page)
        finally:
            browser.close()
