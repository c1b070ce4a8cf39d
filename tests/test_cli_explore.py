"""``python -m engine metric`` / ``layout``: JSON output, recorded runs, one-line errors."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest

from engine.cli import main
from engine.runs import RunRegistry


def _run(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_metric_pagerank_top_nodes_and_run(capsys):
    result = _run(capsys, "metric", "les_miserables", "--name", "pagerank", "--top", "2")
    expected = nx.pagerank(nx.les_miserables_graph(), tol=1e-12)
    best = sorted(expected, key=expected.get, reverse=True)[:2]
    assert [row["node"] for row in result["top"]] == best
    assert result["top"][0]["value"] == pytest.approx(expected[best[0]], abs=1e-6)
    run = RunRegistry().get(result["run_id"])
    assert (run.capability, run.method, run.dataset) == ("graphs", "pagerank", "les_miserables")
    assert run.metrics["mean"] == pytest.approx(1 / 77)


def test_cli_metric_louvain_and_all_values(capsys):
    result = _run(capsys, "metric", "karate_club", "--name", "louvain", "--all")
    assert sum(result["community_sizes"]) <= 34 and result["n_communities"] == len(set(result["values"].values()))
    assert len(result["values"]) == 34 and result["modularity"] > 0.35


def test_cli_layout_positions(capsys):
    result = _run(capsys, "layout", "florentine_families", "--method", "circular")
    positions = np.array(list(result["positions"].values()))
    assert positions.shape == (15, 2) and np.abs(positions).max() == pytest.approx(1.0)
    # evenly spaced on a circle, in node order: every step between neighbours has the same length
    steps = np.linalg.norm(np.diff(np.vstack([positions, positions[:1]]), axis=0), axis=1)
    np.testing.assert_allclose(steps, steps[0], atol=1e-5)


def test_cli_layout_too_large_is_one_line_error(capsys):
    assert main(["layout", "ego_facebook", "--method", "kamada_kawai"]) == 2
    err = capsys.readouterr().err
    assert err == "error: the kamada_kawai layout is limited to 250 nodes (got 4,039); use fruchterman_reingold for larger graphs\n"
