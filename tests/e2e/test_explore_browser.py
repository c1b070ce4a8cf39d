"""End to end in headless Chromium: the Explore page repaints on a colour change and draws 100k nodes whole.

Above ``engine.figures.graph.MAX_POINTS`` nodes the whole graph is an overview: edges and nodes rendered
server-side as images, the highest-degree nodes as markers on top.

Starts ``streamlit run app.py`` on a free port with ``GRAPHLENS_DATA_DIR`` pointing at a folder holding a
generated 100,000-node graph, and drives it with Playwright on the system Chromium. No timing is asserted:
waits are generous (CI runs this on two loaded cores).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from engine.figures.graph import OVERVIEW_POINTS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
BIG_NODES = 100_000
WAIT_MS = 300_000

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    """A Streamlit server on a free port whose local-datasets folder holds ``ring_100k.txt``."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    data = tmp_path / "data"
    data.mkdir()
    nodes = np.arange(BIG_NODES)
    chords = np.random.default_rng(0).integers(0, BIG_NODES, BIG_NODES)
    source, target = np.concatenate([nodes, nodes]), np.concatenate([(nodes + 1) % BIG_NODES, chords])
    keep = source != target
    lines = np.char.add(np.char.add(source[keep].astype(str), " "), target[keep].astype(str))
    (data / "ring_100k.txt").write_text("\n".join(lines) + "\n")
    port = _free_port()
    env = {**os.environ, "GRAPHLENS_HOME": str(tmp_path / "home"), "GRAPHLENS_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    log = open(tmp_path / "streamlit.log", "wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy:\n{(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_for_app_run(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]',
        timeout=WAIT_MS,
    )
    page.wait_for_function('document.querySelectorAll(\'[data-testid="stSkeleton"]\').length === 0', timeout=WAIT_MS)


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
    _wait_for_app_run(page)


def _drawing(page, predicate: str) -> dict:
    handle = page.wait_for_function(f"(() => {{ const d = ({_DRAWING})(); return d && ({predicate}) ? d : null; }})",
                                    timeout=WAIT_MS)
    return handle.json_value()


def _browser(playwright):
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    )


def test_explore_ego_facebook_colour_change_repaints(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            page.goto(app_url)
            _wait_for_app_run(page)
            _choose(page, "Dataset", "ego-Facebook")
            drawn = _drawing(page, "d.markers === 4039")
            assert drawn["images"] == 1  # 88,234 edges: one server-rendered image under the markers
            _choose(page, "Colour by", "^pagerank$")
            drawn = _drawing(page, "d.colourbar === 'pagerank'")
            assert drawn["markers"] == 4039
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        finally:
            browser.close()


def test_explore_draws_a_100k_node_local_graph_whole(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(WAIT_MS)
            page.goto(app_url)
            _wait_for_app_run(page)
            _choose(page, "Dataset", "ring_100k.txt")
            # every node and edge drawn: edges and nodes as images, the top-degree nodes as markers on top
            drawn = _drawing(page, "d.images === 2")
            assert "100,000 nodes" in drawn["title"] and "overview" in drawn["title"]
            assert drawn["markers"] == OVERVIEW_POINTS
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        finally:
            browser.close()
