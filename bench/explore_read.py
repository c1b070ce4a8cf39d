"""Time what stands before the drawing when a large local dataset is opened: reading it and its statistics.

Run: ``.venv/bin/python bench/explore_read.py`` (writes the ``explore_read`` section of bench/RESULTS.md).

Inputs are the generated files of bench/explore_browser.py (``bench/out/explore_data``). Each step runs in a
fresh Python process, as after a server start (so nothing is warm in memory; the operating system's file
cache is, as on a server that has read the file before):

- ``parse``: :func:`engine.io.read_graph` of the file (what every server start paid before the store);
- ``stored_graph, cold``: the same plus saving the arrays (:func:`engine.graph_store.stored_graph`, empty
  store): the first read ever;
- ``stored_graph, warm``: reading the arrays back (fingerprint check included): every later server start;
- ``graph_summary``: the statistics panel (average clustering estimated from a seeded node sample above
  200,000 nodes), then the same with the exact clustering (the panel's button), then the former cost
  (igraph clustering of every node, as graph_summary did before).

Seconds are wall and CPU (``time.process_time``) with the 1-minute load average.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402
from bench.explore_browser import BA_FILE, BIG_FILE, DATA_DIR, prepare_data  # noqa: E402

_CHILD = "--child"


def _timed(label: str, function) -> tuple[dict, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    row = {"step": label, "wall": time.perf_counter() - start, "cpu": time.process_time() - cpu,
           "load": os.getloadavg()[0]}
    return row, result


def child(step: str, file: str, store: str) -> list[dict]:
    """One step in this (fresh) process; returns its rows."""
    from engine.graph_store import stored_graph
    from engine.io import read_graph
    import engine.metrics as metrics
    from engine.types import Graph

    path = DATA_DIR / file
    if step == "parse":
        return [_timed("parse (read_graph)", lambda: read_graph(path))[0]]
    if step == "cold":
        return [_timed("stored_graph, cold (parse and save)", lambda: stored_graph(path, directory=store))[0]]
    rows = []
    row, graph = _timed("stored_graph, warm (read back, fingerprint checked)", lambda: stored_graph(path, directory=store))
    rows.append(row)
    metrics.graph_summary(Graph.from_edges([0], [1]))  # imports, not timed
    metrics.load_compiled_kernels()  # as serve.py does before the server listens
    row, summary = _timed("graph_summary (the panel)", lambda: metrics.graph_summary(graph))
    row["step"] += (f": clustering estimated from {summary['clustering_sampled_nodes']:,} nodes"
                    if summary["clustering_sampled_nodes"] else ": exact")
    rows.append(row)
    rows.append(_timed("graph_summary, exact clustering (the panel's button)",
                       lambda: metrics.graph_summary(graph, clustering_sample=graph.n_nodes))[0])
    metrics.COMPILED_ABOVE_NODES = graph.n_nodes  # the igraph path, as graph_summary computed it before
    rows.append(_timed("former clustering (igraph, every node)", lambda: metrics.clustering(graph).mean())[0])
    return rows


def main() -> None:
    if sys.argv[1:2] == [_CHILD]:
        print(json.dumps(child(*sys.argv[2:5])))
        return
    prepare_data()
    lines = []
    for file, label in ((BA_FILE, "BA 100k / 200k"), (BIG_FILE, "planted 1M / 5M")):
        with tempfile.TemporaryDirectory() as store:
            for step in ("parse", "cold", "warm"):
                result = subprocess.run([sys.executable, __file__, _CHILD, step, file, store], cwd=ROOT,
                                        check=True, capture_output=True, text=True)
                for row in json.loads(result.stdout.strip().splitlines()[-1]):
                    lines.append(f"| {label} | {row['step']} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['load']:.1f} |")
                    print(lines[-1], flush=True)
    table = "| graph | step | wall s | CPU s | load avg (1 min) |\n|---|---|---:|---:|---:|\n" + "\n".join(lines)
    notes = (f"\n\nEach step in a fresh process (as after a server start); the file itself is in the OS cache. "
             f"{os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f}. "
             "Reproduce: `.venv/bin/python bench/explore_read.py`.")
    write_section("explore_read", "## Explore: statistics and reading at 1M nodes (issue 14)\n\n" + table + notes)


if __name__ == "__main__":
    main()
