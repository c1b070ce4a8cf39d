"""Time the Explore page in a real browser: every row of issue 14's table, split into where the time goes.

Run: ``.venv/bin/python bench/explore_browser.py [--repeat 3] [--rows ego,ba100k,overview] [--prepared-home DIR]
[--data-dir DIR]`` (writes the ``explore_browser`` section of bench/RESULTS.md).

Each repeat starts a fresh ``streamlit run app.py`` on a free port (cold caches, as after ``make run``)
with ``GRAPHLENS_DATA_DIR`` pointing at ``--data-dir`` (default ``bench/out/explore_data``), which this
script fills once with two generated graphs (not committed; ``--generate-only`` stops there):

- ``ba_100k.txt``: Barabási–Albert, 100,000 nodes, m = 2 (igraph, seed 0): 199,997 edges;
- ``sbm_1m.txt``: 1,000,000 nodes, 5,000,000 edges: 1,000 planted communities of 1,000 nodes,
  each node sends 5 edges, 90 % inside its community (numpy, seed 0).

Headless Chromium (``/usr/bin/chromium``, software WebGL through SwiftShader, so a desktop with a GPU
draws faster) is driven with Playwright. A timing runs from the action (page load, option click, Enter,
key press) until the network chart is a *new* Plotly graph (the old one is tagged before the action) that
has finished plotting and the script is idle; for the mounted drawing (``pages/_canvas.py``), which keeps
its graph, until its ``data-revision`` has changed, which ``assets/components/canvas.js`` sets when
``Plotly.newPlot``/``Plotly.react`` of the new data has resolved (the check then runs on the next
animation frame, so the new colours are on screen). An init script wraps ``WebSocket`` to record, in the page's
own clock, when each message arrived and how many bytes it had; the split is:

- ``server s``: from the action to the handling of the run's largest websocket message, the drawing's
  delta (script time + transfer);
- ``draw s``: from that message to the repainted chart (parse + React + ``Plotly.newPlot``, or
  ``Plotly.react`` in the mounted drawing, + paint);
- ``Plotly s``: the part of ``draw s`` spent in the mounted drawing's ``Plotly.newPlot`` / ``Plotly.react``
  call itself (the component's ``data-draw-ms``; the rest of ``draw s`` is Streamlit's handling of the
  message, the component's update and the paint);
- ``MB``: bytes received over the websocket during the interaction.

Medians of ``--repeat`` runs; the 1-minute load average is recorded with every row (the machine is shared:
it is high, so absolute times are pessimistic).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DATA_DIR = ROOT / "bench" / "out" / "explore_data"
BA_FILE, BIG_FILE = "ba_100k.txt", "sbm_1m.txt"

#: Records every websocket message as [time in ms (page clock), bytes].
_WS_SPY = """
(() => {
  window.__ws = [];
  const Native = window.WebSocket;
  function Spy(...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => {
      const data = event.data;
      const size = data.byteLength ?? data.size ?? data.length ?? 0;
      window.__ws.push([performance.now(), size]);
    });
    return socket;
  }
  Spy.prototype = Native.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Spy[k] = Native[k];
  window.WebSocket = Spy;
})();
"""

#: Tag the current network chart(s) so that the next one can be told apart: a Plotly chart is tagged old;
#: the mounted drawing (pages/_canvas.py) keeps its graph div, so its current revision is noted instead.
_TAG_OLD = """
() => {
  for (const g of document.querySelectorAll('.js-plotly-plot')) {
    g.dataset.benchOld = g.classList.contains('graphlens-canvas') ? (g.dataset.revision || '') : '1';
  }
  return performance.now();
}
"""

#: performance.now() once a new, fully plotted network chart is shown and the script is idle, else false.
_PAINTED = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (document.querySelectorAll('[data-testid="stSkeleton"]').length) return false;
  const drawn = (g) => g._fullLayout && g.calcdata && g.querySelector('.main-svg')
      && (g.data || []).some((t) => t.name === 'nodes');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
  if (charts.some((g) => g.dataset.benchOld === undefined && drawn(g))) return performance.now();
  // the mounted drawing sets data-revision once Plotly.newPlot / Plotly.react has drawn the new data
  const canvas = document.querySelector('.graphlens-canvas[data-revision]');
  return canvas && drawn(canvas) && canvas.dataset.revision !== canvas.dataset.benchOld ? performance.now() : false;
}
"""


#: Milliseconds of the mounted drawing's last Plotly.newPlot / Plotly.react call alone (0 for st.plotly_chart).
_PLOTLY_MS = """
() => {
  const canvas = document.querySelector('.graphlens-canvas[data-draw-ms]');
  return canvas ? Number(canvas.dataset.drawMs) : 0;
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_edges(path: Path, source: np.ndarray, target: np.ndarray) -> None:
    import pandas as pd

    pd.DataFrame({"u": source, "v": target}).to_csv(path, sep=" ", header=False, index=False)


def prepare_data(data_dir: Path = DATA_DIR) -> None:
    """Generate the 100k Barabási–Albert and the 1M / 5M planted-partition edge lists in ``data_dir`` (once)."""
    import random

    import igraph

    data_dir.mkdir(parents=True, exist_ok=True)
    if not (data_dir / BA_FILE).exists():
        igraph.set_random_number_generator(random.Random(0))
        try:
            edges = np.asarray(igraph.Graph.Barabasi(100_000, 2).get_edgelist())
        finally:
            igraph.set_random_number_generator(random)
        _write_edges(data_dir / BA_FILE, edges[:, 0], edges[:, 1])
    if not (data_dir / BIG_FILE).exists():
        rng = np.random.default_rng(0)
        n, size, per_node = 1_000_000, 1_000, 5
        source = np.repeat(np.arange(n), per_node)
        inside = rng.random(source.size) < 0.9
        community = source // size
        target = np.where(inside, community * size + rng.integers(0, size, source.size), rng.integers(0, n, source.size))
        keep = source != target
        _write_edges(data_dir / BIG_FILE, source[keep], target[keep])


class Server:
    """A fresh ``streamlit run app.py`` on a free port."""

    def __init__(self, home: str | None = None, bare: bool = False, data_dir: Path = DATA_DIR) -> None:
        self.port = _free_port()
        self.home = home or tempfile.mkdtemp(prefix="graphlens-bench-")
        # serve.py's background preparation of the local datasets is off: a pass measures either a cold
        # GRAPHLENS_HOME or one prepared beforehand (--prepared-home), never a race with it
        env = {**os.environ, "GRAPHLENS_HOME": self.home, "GRAPHLENS_DATA_DIR": str(data_dir),
               "GRAPHLENS_PREPARE_LOCAL": "0"}
        # serve.py is what `make run` starts: it loads the app's modules before the server listens;
        # bare is `streamlit run app.py`, which loads them on the first visit
        launcher = ["-m", "streamlit", "run", "app.py"] if bare else ["serve.py"]
        command = [sys.executable, *launcher, "--server.port", str(self.port),
                   "--server.headless", "true", "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false"]
        self.log = open(Path(self.home) / f"streamlit-{self.port}.log", "wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        self.ready_s = time.monotonic() - started
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {Path(self.log.name).read_text()}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Timer:
    """Times one interaction on a Playwright page: total, server + transfer, browser draw, bytes."""

    def __init__(self, page, timeout_ms: float) -> None:
        self.page, self.timeout_ms = page, timeout_ms

    def start(self) -> float:
        return self.page.evaluate(_TAG_OLD)

    def finish(self, start: float) -> dict:
        self.page.wait_for_timeout(150)  # let the rerun begin (Streamlit's own e2e helper waits too)
        painted = self.page.wait_for_function(_PAINTED, polling="raf", timeout=self.timeout_ms).json_value()
        messages = [m for m in self.page.evaluate("window.__ws") if start <= m[0] <= painted]
        # the largest message is the drawing's delta; the browser draws once it has handled it (later
        # messages wait in the event queue while the main thread draws, so "the last one" would be late)
        last = max(messages, key=lambda m: m[1])[0] if messages else start
        if self.page.locator('[data-testid="stException"]').count():
            raise RuntimeError(self.page.locator('[data-testid="stException"]').first.inner_text())
        plotly_ms = self.page.evaluate(_PLOTLY_MS)
        if os.environ.get("EXPLORE_BENCH_MESSAGES"):  # diagnosis: the size of every message of the interaction
            print("    messages (ms after the action, bytes):",
                  [(round(m[0] - start), m[1]) for m in messages if m[1] > 2000], flush=True)
        return {"total": (painted - start) / 1000, "server": (last - start) / 1000,
                "draw": (painted - last) / 1000, "plotly": plotly_ms / 1000, "mb": sum(m[1] for m in messages) / 1e6,
                "load": os.getloadavg()[0]}


def _choose(page, label: str, option: str) -> None:
    import re

    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=re.compile(option)).first.click()


def _wait_idle(page, timeout_ms: float) -> None:
    page.wait_for_timeout(200)
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                           '[data-test-script-state="notRunning"]', timeout=timeout_ms)


def run_once(browser, rows: set[str], timeout_ms: float, home: str | None = None, bare: bool = False,
             data_dir: Path = DATA_DIR) -> dict[str, dict]:
    """One pass over the scenario on a fresh server; returns row name -> timing."""
    server = Server(home, bare, data_dir)
    results: dict[str, dict] = {"server start, until it answers (not part of the totals below)": {
        "total": server.ready_s, "server": server.ready_s, "draw": 0.0, "plotly": 0.0, "mb": 0.0, "load": os.getloadavg()[0]}}
    try:
        page = browser.new_page(viewport={"width": 1600, "height": 1100})
        page.set_default_timeout(timeout_ms)
        page.add_init_script(_WS_SPY)
        timer = Timer(page, timeout_ms)
        page.goto(server.url)
        results["first paint: Les Misérables (fresh server)"] = timer.finish(0.0)

        def timed(name: str, action) -> None:
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            start = timer.start()
            action()
            try:
                results[name] = timer.finish(start)
            except PlaywrightTimeout:
                results[name] = {"missing": f"no repaint within {timeout_ms / 1000:.0f} s"}
                print(f"  {name}: {results[name]['missing']}", flush=True)
                _wait_idle(page, timeout_ms)
                return
            print(f"  {name}: {results[name]['total']:.2f} s", flush=True)

        def find(node: str) -> None:
            box = page.get_by_label("Find node id")
            box.fill(node)
            box.press("Enter")

        def clear_search() -> None:
            box = page.get_by_label("Find node id")
            box.fill("")
            box.press("Enter")
            _wait_idle(page, timeout_ms)

        def interactions(tag: str) -> None:
            timed(f"{tag}: colour by pagerank", lambda: _choose(page, "Colour by", "^pagerank$"))
            timed(f"{tag}: colour by degree", lambda: _choose(page, "Colour by", "^degree$"))
            timed(f"{tag}: size by pagerank", lambda: _choose(page, "Size by", "^pagerank$"))
            timed(f"{tag}: search a node", lambda: find("1"))
            clear_search()
            # back to the page's size: the next dataset's "size by pagerank" must be a change (the session keeps it)
            _choose(page, "Size by", "^degree$")
            _wait_idle(page, timeout_ms)

        if "ego" in rows:
            timed("switch to ego-Facebook, drawn", lambda: _choose(page, "Dataset", "ego-Facebook"))
            interactions("ego-Facebook")
            page.get_by_test_id("stRadio").filter(has_text="Ego network").get_by_text("Ego network").click()
            _wait_idle(page, timeout_ms)
            slider = page.get_by_test_id("stSlider").filter(has_text="Depth").get_by_role("slider")
            timed("ego-Facebook: ego depth 1 -> 2", lambda: (slider.focus(), slider.press("ArrowRight")))
            page.get_by_test_id("stRadio").filter(has_text="Whole graph").get_by_text("Whole graph").click()
            _wait_idle(page, timeout_ms)
        for tag, file, row in (("BA 100k", BA_FILE, "ba100k"), ("1M / 5M overview", BIG_FILE, "overview")):
            if row not in rows:
                continue
            options = page.get_by_test_id("stSelectbox").filter(has_text="Dataset")
            options.click()
            offered = page.get_by_role("option", name=file).count() > 0
            page.keyboard.press("Escape")
            if not offered:
                results[f"switch to {tag}, drawn"] = {"missing": "not offered by the picker"}
                continue
            timed(f"switch to {tag}, drawn", lambda f=file: _choose(page, "Dataset", f))
            whole = page.get_by_test_id("stRadio").filter(has_text="Whole graph")
            if not whole.get_by_role("radio", name="Whole graph").is_checked():  # a huge graph opens on a view
                timed(f"{tag}: draw the whole graph", lambda: whole.get_by_text("Whole graph").click())
            interactions(tag)
        page.close()
    finally:
        server.stop()
    return results


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", default="ego,ba100k,overview", help="comma-separated: ego, ba100k, overview")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one interaction may take")
    parser.add_argument("--label", default="", help="text appended to the section title (e.g. 'before')")
    parser.add_argument("--section", default="explore_browser")
    parser.add_argument("--home", default=None,
                        help="GRAPHLENS_HOME kept across passes (its stored layouts warm); default: a new one each pass")
    parser.add_argument("--bare", action="store_true", help="start `streamlit run app.py` instead of serve.py")
    parser.add_argument("--prepared-home", default=None, metavar="DIR",
                        help="first run `serve.py --prepare-local-datasets` (untimed) with GRAPHLENS_HOME=DIR, "
                             "as the server's background preparation does, then use DIR for every pass")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                        help="folder of the generated graphs (GRAPHLENS_DATA_DIR of the server); made once")
    parser.add_argument("--generate-only", action="store_true", help="only generate the graphs, then stop")
    args = parser.parse_args()
    rows = set(args.rows.split(","))
    prepare_data(args.data_dir)
    if args.generate_only:
        return
    if args.prepared_home:
        started = time.monotonic()
        subprocess.run([sys.executable, "serve.py", "--prepare-local-datasets"], cwd=ROOT, check=True,
                       env={**os.environ, "GRAPHLENS_HOME": args.prepared_home, "GRAPHLENS_DATA_DIR": str(args.data_dir)})
        args.prepare_s = time.monotonic() - started
        print(f"prepared {args.prepared_home} in {args.prepare_s:.1f} s (untimed)", flush=True)
        args.home = args.prepared_home
    from playwright.sync_api import sync_playwright

    passes: list[dict[str, dict]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage",
                  "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
        )
        try:
            for i in range(args.repeat):
                print(f"pass {i + 1}/{args.repeat}", flush=True)
                passes.append(run_once(browser, rows, args.timeout * 1000, args.home, args.bare, args.data_dir))
                _write(passes, args)  # after every pass, so that a slow machine still leaves a table
        finally:
            browser.close()


def _write(passes: list[dict[str, dict]], args) -> None:
    table = ["| interaction | total s (median) | server + transfer s | browser draw s | of which Plotly s "
             "| received MB | load avg (1 min) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in passes[0]:
        runs = [p[name] for p in passes if name in p and "missing" not in p[name]]
        if not runs:
            table.append(f"| {name} | {passes[0][name].get('missing', 'n/a')} | | | | | |")
            continue
        table.append(f"| {name} | {_median(runs, 'total'):.2f} | {_median(runs, 'server'):.2f} "
                     f"| {_median(runs, 'draw'):.2f} | {_median(runs, 'plotly'):.2f} | {_median(runs, 'mb'):.2f} "
                     f"| {_median(runs, 'load'):.1f} |")
        print(table[-1], flush=True)
    title = "## Explore in the browser (issue 14)" + (f": {args.label}" if args.label else "")
    notes = (f"\n\nMedian of {len(passes)} pass(es) (of {args.repeat} asked), each on a fresh server (so the first switch to a dataset "
             "includes its layout and metrics). Headless Chromium with software WebGL (SwiftShader) on a shared "
             f"{os.cpu_count()}-core machine; load average at the end {os.getloadavg()[0]:.1f}.\n\n"
             f"Reproduce: `.venv/bin/python bench/explore_browser.py --repeat {args.repeat} --rows {args.rows}"
             f"{' --prepared-home DIR' if args.prepared_home else ' --home DIR' if args.home else ''}"
             f"{' --bare' if args.bare else ''}`"
             f" ({'streamlit run app.py' if args.bare else 'serve.py, as make run'}; " + (
                 f"GRAPHLENS_HOME prepared first by `serve.py --prepare-local-datasets` ({args.prepare_s:.0f} s, "
                 "untimed): parsed graphs, whole-graph layouts and (if this serve.py stores it) PageRank stored, "
                 "as after the server's background preparation or at a second server start" if args.prepared_home else
                 "GRAPHLENS_HOME kept across passes: stored layouts and parsed graphs warm after the first"
                 if args.home else "a new GRAPHLENS_HOME each pass: nothing stored") + ").")
    write_section(args.section, title + "\n\n" + "\n".join(table) + notes)


if __name__ == "__main__":
    main()
