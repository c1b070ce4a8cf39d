"""How spread the spectral layout is: Hall's ``D - A`` (before issue 13) against the regularised layout.

Run: ``.venv/bin/python bench/layout_spread.py`` (writes the ``layout_spread`` section of bench/RESULTS.md).
For each shipped graph the layout can draw spectrally (at most 20,000 nodes): the share of nodes within 5 %
of the drawing's half-width of the median point (1.0 = every node on one spot: "one blob"), the
interquartile range of the coordinates as a share of the drawing's width, and the CPU seconds. The
"before" column is the former layout, rebuilt here: eigenvectors 2 and 3 of ``D - A`` (eigsh, which="SM").
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._results import write_section  # noqa: E402
from engine._igraph import undirected_simple  # noqa: E402
from engine.datasets import list_datasets, load_dataset  # noqa: E402
from engine.layout import MAX_NODES, SPECTRAL_REGULARISATION, layout  # noqa: E402


def _fit(positions: np.ndarray) -> np.ndarray:
    positions = positions - (positions.max(axis=0) + positions.min(axis=0)) / 2.0
    return positions / np.abs(positions).max()


def at_centre(positions: np.ndarray) -> float:
    """Share of nodes within 0.05 (of the half-width 1) of the median point, in both coordinates."""
    return float(np.mean(np.abs(positions - np.median(positions, axis=0)).max(axis=1) < 0.05))


def iqr_share(positions: np.ndarray) -> float:
    """Mean interquartile range of x and y as a share of the drawing's width (2)."""
    return float(np.subtract(*np.percentile(positions, [75, 25], axis=0)).mean() / 2.0)


def before(graph) -> np.ndarray:
    """The former spectral layout: eigenvectors 2 and 3 of the unnormalised Laplacian D - A."""
    structure = undirected_simple(graph)
    laplacian = sp.diags(np.asarray(structure.sum(axis=1)).ravel()) - structure
    if graph.n_nodes < 500:
        _, vectors = np.linalg.eigh(laplacian.toarray())
    else:
        v0 = np.random.default_rng(0).uniform(0.5, 1.5, size=graph.n_nodes)
        values, vectors = sla.eigsh(laplacian.tocsc(), k=3, which="SM", v0=v0, tol=1e-6)
        vectors = vectors[:, np.argsort(values)]
    return _fit(vectors[:, 1:3])


def _timed(function, graph) -> tuple[np.ndarray, float]:
    start = time.process_time()
    positions = function(graph)
    return positions, time.process_time() - start


def main() -> None:
    rows = ["| graph | nodes | edges | at centre, D − A | at centre, now | IQR share, D − A | IQR share, now "
            "| CPU s, D − A | CPU s, now |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for info in list_datasets():
        if info.n_nodes > MAX_NODES["spectral"]:
            continue
        graph = load_dataset(info.name)
        old, old_s = _timed(before, graph)
        new, new_s = _timed(lambda g: layout(g, "spectral", seed=0), graph)
        rows.append(f"| {info.title} | {graph.n_nodes:,} | {graph.n_edges:,} | {at_centre(old):.1%} | "
                    f"{at_centre(new):.1%} | {iqr_share(old):.3f} | {iqr_share(new):.3f} | {old_s:.2f} | {new_s:.2f} |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0]
    write_section("layout_spread", "## Explore: spectral layout spread (issue 13)\n\n" + "\n".join(rows) + f"""

*at centre*: share of nodes within 5 % of the drawing's half-width of the median point (100 % = one blob);
*IQR share*: interquartile range of the coordinates over the drawing's width. *now* is `layout(g, "spectral", seed=0)`:
eigenvectors 2 and 3 of the random-walk Laplacian of `A + tau/n 11^T` with `tau` = {SPECTRAL_REGULARISATION} × mean
degree (Qin & Rohe 2013). With `D - A`, ego-Facebook's second and third eigenvectors sit on a few weakly attached
nodes and the rest collapses to the centre. CPU seconds of one run (1-minute load average at the end: {load:.1f}).

Reproduce: `.venv/bin/python bench/layout_spread.py`.""")


if __name__ == "__main__":
    main()
