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
from tests.e2e.conftest import WAIT_MS, assert_no_error_box, open_app_page, wait_for_app_run

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


#: The drawing's Plotly graph div, kept mounted by pages/_canvas.py: number of node markers, the colour bar
#: title ('' when none), the revision drawn and the number of layout images actually loaded (an href set).
_DRAWING = """
() => {
  const g = document.querySelector('.graphlens-canvas.js-plotly-plot');
  if (!g || !g._fullLayout || !g.querySelector('.main-svg') || g.dataset.error) return null;
  const nodes = (g._fullData || []).find((t) => t.name === 'nodes');  // decoded arrays (data holds base64)
  if (!nodes) return null;
  const bar = nodes.marker && nodes.marker.colorbar && nodes.marker.colorbar.title;
  const loaded = [...g.querySelectorAll('.imagelayer image, .layer-below image')]
    .filter((i) => (i.getAttribute('href') || i.getAttribute('xlink:href') || '').startsWith('data:image/png'));
  return {markers: nodes.x.length, colourbar: (bar && bar.text) || '', title: g._fullLayout.title.text,
          images: (g._fullLayout.images || []).length, loaded: loaded.length, revision: g.dataset.revision};
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


def _drag_box(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Pick Plotly's box-select tool and drag a box from ``start`` to ``end``, given as fractions (0-1) of
    the drawing's plot area (x from the left, y from the top), then wait for the rerun it causes."""
    page.locator('.graphlens-canvas .modebar-btn[data-title="Box Select"]').click()
    area = page.locator(".graphlens-canvas .nsewdrag").first.bounding_box()

    def at(fx: float, fy: float) -> tuple[float, float]:
        return area["x"] + area["width"] * fx, area["y"] + area["height"] * fy

    page.mouse.move(*at(*start))
    page.mouse.down()
    page.mouse.move(*at((start[0] + end[0]) / 2, (start[1] + end[1]) / 2), steps=8)
    page.mouse.move(*at(*end), steps=8)
    page.mouse.up()
    wait_for_app_run(page)


def test_explore_ego_facebook_colour_change_repaints(app_url, chromium):
    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), app_url)
    _choose(page, "Dataset", "ego-Facebook")
    drawn = _drawing(page, "d.markers === 4039")
    assert drawn["images"] == drawn["loaded"] == 1  # 88,234 edges: one server-rendered image under the markers
    _choose(page, "Colour by", "^pagerank$")
    recoloured = _drawing(page, "d.colourbar === 'pagerank'")
    # the same mounted graph, redrawn in place; the edge image (not resent) is still drawn from the cache
    assert int(recoloured["revision"]) > int(drawn["revision"])
    assert recoloured["markers"] == 4039 and recoloured["loaded"] == 1
    assert_no_error_box(page)


def test_explore_draws_a_100k_node_local_graph_whole(app_url, chromium):
    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), app_url)
    _choose(page, "Dataset", "ring_100k.txt")
    # every node and edge drawn: edges and nodes as images, the top-degree nodes as markers on top
    drawn = _drawing(page, "d.images === 2 && d.loaded === 2")
    assert "100,000 nodes" in drawn["title"] and "overview" in drawn["title"]
    assert drawn["markers"] == OVERVIEW_POINTS
    # a size change keeps the colours: both images come by reference, drawn from the page's cache
    _choose(page, "Size by", "^none$")
    resized = _drawing(page, f"d.revision !== '{drawn['revision']}'")
    assert resized["images"] == resized["loaded"] == 2
    # a colour change sends a new node image (the edge image still from the cache)
    _choose(page, "Colour by", "^none$")
    recoloured = _drawing(page, f"d.revision !== '{resized['revision']}' && d.colourbar === ''")
    assert recoloured["images"] == recoloured["loaded"] == 2
    assert_no_error_box(page)


def test_explore_box_selection_gives_the_selection_panel(app_url, chromium):
    """A box dragged with Plotly's box-select tool comes back to Python as the component's value."""
    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), app_url)
    _drawing(page, "d.markers === 77")  # Les Misérables
    _drag_box(page, (0.005, 0.005), (0.995, 0.995))  # nearly the whole plot area
    panel = page.get_by_text(re.compile(r"Selection: \d+ nodes")).first
    panel.wait_for()
    page.get_by_role("button", name="Draw only these").click()
    wait_for_app_run(page)
    drawn = _drawing(page, "d.title.includes('selection of')")
    assert 0 < drawn["markers"] <= 77
    assert_no_error_box(page)


_RANGES = """() => { const g = document.querySelector('.graphlens-canvas.js-plotly-plot');
  return [g._fullLayout.xaxis.range, g._fullLayout.yaxis.range]; }"""


def test_explore_box_selection_zooms_the_drawing_to_the_box(app_url, chromium):
    """"Zoom to the box" redraws the layout's region inside the dragged box; "Show the whole layout" undoes it."""
    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), app_url)
    _drawing(page, "d.markers === 77")  # Les Misérables
    (x_whole, y_whole) = page.evaluate(_RANGES)
    _drag_box(page, (0.2, 0.2), (0.8, 0.8))
    page.get_by_role("button", name="Zoom to the box").click()
    wait_for_app_run(page)
    page.get_by_role("button", name="Show the whole layout").wait_for()
    (x_zoom, y_zoom) = page.evaluate(_RANGES)
    assert x_whole[0] < x_zoom[0] < x_zoom[1] < x_whole[1]  # inside the whole layout's range
    assert y_whole[0] < y_zoom[0] < y_zoom[1] < y_whole[1]
    page.get_by_role("button", name="Show the whole layout").click()
    wait_for_app_run(page)
    page.get_by_role("button", name="Show the whole layout").wait_for(state="detached")
    assert page.evaluate(_RANGES)[0] == x_whole
    assert_no_error_box(page)
