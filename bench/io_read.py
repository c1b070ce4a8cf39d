"""Time :func:`engine.io.read_graph` on 2,000,000-edge edge lists and the writers on 200,000 edges.

Run: ``.venv/bin/python bench/io_read.py`` (writes the ``io`` section of bench/RESULTS.md).
Inputs are generated with a fixed seed: integer ids (tab separated, as SNAP),
integer ids with a comment line every 1,000 lines (the filtered path), string
ids (CSV with header) and weighted edges.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._results import write_section  # noqa: E402
from engine.io import read_graph, write_edgelist_csv, write_graphml, write_node_link_json  # noqa: E402

N_EDGES = 2_000_000
N_NODES = 500_000


def _inputs(rng: np.random.Generator) -> dict[str, bytes]:
    source = rng.integers(0, N_NODES, N_EDGES)
    target = rng.integers(0, N_NODES, N_EDGES)
    weight = rng.random(N_EDGES).round(4)
    tab = "\n".join(f"{u}\t{v}" for u, v in zip(source, target))
    commented = "\n".join(
        f"# block {i // 1000}\n{u} {v}" if i % 1000 == 0 else f"{u} {v}"
        for i, (u, v) in enumerate(zip(source, target))
    )
    strings = "source,target\n" + "\n".join(f"n{u},n{v}" for u, v in zip(source, target))
    weighted = "\n".join(f"{u},{v},{w}" for u, v, w in zip(source, target, weight))
    return {
        "integer ids, tab separated": tab.encode(),
        "integer ids, whitespace, comment every 1k lines": commented.encode(),
        "string ids, CSV with header": strings.encode(),
        "integer ids, CSV with weights": weighted.encode(),
    }


def _best_of(function, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    rng = np.random.default_rng(0)
    rows = ["| input | MB | nodes | edges | read_graph s (best of 3) |", "|---|---:|---:|---:|---:|"]
    for label, data in _inputs(rng).items():
        seconds, graph = _best_of(lambda: read_graph(data, max_bytes=100_000_000))
        rows.append(f"| {label} | {len(data) / 1e6:.1f} | {graph.n_nodes:,} | {graph.n_edges:,} | {seconds:.2f} |")
        print(rows[-1], flush=True)
    small = read_graph(b"\n".join(f"{u} {v}".encode() for u, v in rng.integers(0, 50_000, (200_000, 2))))
    rows += ["", f"Writers on {small.n_nodes:,} nodes / {small.n_edges:,} edges:", "",
             "| writer | MB | write s | read back s |", "|---|---:|---:|---:|"]  # fmt: skip
    for writer, fmt in ((write_edgelist_csv, "edgelist"), (write_graphml, "graphml"), (write_node_link_json, "json")):
        seconds, data = _best_of(lambda: writer(small), repeat=1)
        back, _ = _best_of(lambda: read_graph(data, format=fmt), repeat=1)
        rows.append(f"| {writer.__name__} | {len(data) / 1e6:.1f} | {seconds:.2f} | {back:.2f} |")
        print(rows[-1], flush=True)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    intro = (
        "## Graph file reading and writing (`bench/io_read.py`)\n\n"
        f"Load average while measuring: {load} (the machine is shared; times are wall-clock).\n\n"
    )
    write_section("io", intro + "\n".join(rows))


if __name__ == "__main__":
    main()
