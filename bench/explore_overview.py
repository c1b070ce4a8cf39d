"""Time the large-graph drawing on the server: read, layout, edge raster (ours vs datashader), overview figure.

Run: ``.venv/bin/python bench/explore_overview.py [--drl] [--no-datashader]``
(writes the ``explore_overview`` section of bench/RESULTS.md).

Inputs are the generated files of bench/explore_browser.py (``bench/out/explore_data``): Barabási–Albert
100k nodes / 200k edges and a planted-partition graph of 1M nodes / 5M edges, read with
:func:`engine.datasets.load_local_dataset` as the page reads them. Each step runs once per process
("cold": includes numba compilation or a cache load) and again ("warm"); times are wall seconds with the
1-minute load average beside them (the machine is shared: figures are pessimistic).

datashader is not a GraphLens dependency: the comparison runs when it is installed
(``pip install datashader==0.19.1``) and is skipped otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402
from bench.explore_browser import BA_FILE, BIG_FILE, DATA_DIR, prepare_data  # noqa: E402
from engine.datasets import load_local_dataset  # noqa: E402
from engine.figures.graph import IMAGE_SIZE, network_figure  # noqa: E402
from engine.layout import layout, stored_layout  # noqa: E402
from engine.metrics import graph_summary  # noqa: E402
from engine.overview import edge_raster  # noqa: E402

ROWS: list[str] = []


def _timed(label: str, graph_label: str, function):
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    ROWS.append(f"| {graph_label} | {label} | {seconds:.2f} | {cpu:.2f} | {os.getloadavg()[0]:.1f} |")
    print(ROWS[-1], flush=True)
    return result


def _datashader_lines(positions, source, target, x_range, y_range):
    import datashader
    import pandas as pd

    frame = pd.DataFrame({"x0": positions[source, 0], "y0": positions[source, 1],
                          "x1": positions[target, 0], "y1": positions[target, 1]})
    canvas = datashader.Canvas(plot_width=IMAGE_SIZE[0], plot_height=IMAGE_SIZE[1], x_range=x_range, y_range=y_range)
    return canvas.line(frame, x=["x0", "x1"], y=["y0", "y1"], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drl", action="store_true", help="also time igraph DrL at 100k nodes (minutes)")
    parser.add_argument("--no-datashader", action="store_true")
    parser.add_argument("--no-fr", action="store_true", help="skip igraph Fruchterman-Reingold at 100k nodes")
    args = parser.parse_args()
    prepare_data()
    os.environ["GRAPHLENS_DATA_DIR"] = str(DATA_DIR)
    try:
        import datashader  # noqa: F401

        with_datashader = not args.no_datashader
    except ImportError:
        with_datashader = False
    for file, label in ((BA_FILE, "BA 100k / 200k"), (BIG_FILE, "planted 1M / 5M")):
        graph = _timed("read (load_local_dataset)", label, lambda: load_local_dataset(file))
        _timed("graph_summary (the page's statistics)", label, lambda: graph_summary(graph))
        if graph.n_nodes <= 100_000 and not args.no_fr:
            _timed("layout fruchterman_reingold (igraph grid)", label,
                   lambda: layout(graph, "fruchterman_reingold", seed=0))
            if args.drl:
                from engine._igraph import seeded_igraph_rng, to_simple_igraph

                ig_graph = to_simple_igraph(graph)
                with seeded_igraph_rng(0):
                    _timed("layout igraph DrL", label, ig_graph.layout_drl)
        positions = _timed("layout pivot_mds (cold)", label, lambda: layout(graph, "pivot_mds", seed=0))
        _timed("layout pivot_mds (warm)", label, lambda: layout(graph, "pivot_mds", seed=0))
        with tempfile.TemporaryDirectory() as folder:
            _timed("stored_layout auto, first (lays out and saves)", label,
                   lambda: stored_layout(graph, "auto", seed=0, directory=folder))
            _timed("stored_layout auto, again (reads the file)", label,
                   lambda: stored_layout(graph, "auto", seed=0, directory=folder))
        source, target, _ = graph.edges()
        width, height = IMAGE_SIZE
        for run in ("cold", "warm"):
            _timed(f"edge raster {width}x{height}, engine.overview ({run})", label,
                   lambda: edge_raster(positions, source, target, width=width, height=height))
        if with_datashader:
            ranges = ((-1.02, 1.02), (-1.02, 1.02))
            for run in ("cold", "warm"):
                _timed(f"edge raster {width}x{height}, datashader Canvas.line ({run})", label,
                       lambda: _datashader_lines(positions, source, target, *ranges))
        degrees = graph.degrees().astype(np.float64)
        figure = _timed("overview figure (colour and size by degree)", label,
                        lambda: network_figure(graph, positions, color=degrees, color_label="degree", size=degrees,
                                               size_label="degree", hover={"degree": degrees}))
        spec = _timed("figure to_json", label, figure.to_json)
        ROWS.append(f"| {label} | figure JSON size | {len(spec) / 1e6:.2f} MB | | |")
        print(ROWS[-1], flush=True)
        del graph, positions, figure, spec
    table = "| graph | step | seconds | CPU s | load avg (1 min) |\n|---|---|---:|---:|---:|\n" + "\n".join(ROWS)
    notes = ("\n\n`cold` is the first call in a fresh process (numba compiles, or loads its on-disk cache); "
             "`warm` the second. CPU s is the process's CPU time (all its threads), which other jobs inflate less. Inputs: see bench/explore_browser.py. "
             f"Load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} shared cores.\n\n"
             f"Reproduce: `.venv/bin/python bench/explore_overview.py{' --drl' if args.drl else ''}"
             f"{' --no-fr' if args.no_fr else ''}{' --no-datashader' if not with_datashader else ''}`.")
    write_section("explore_overview", "## Explore: large-graph layout and overview (server side)\n\n" + table + notes)


if __name__ == "__main__":
    main()
