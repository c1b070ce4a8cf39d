"""engine.generators: the degree-corrected SBM is exact in size, seeded, and has its blocks; the CLI writes it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.cli import main
from engine.datasets import degree_corrected_sbm
from engine.errors import ParameterError
from engine.generators import degree_corrected_sbm_edges
from engine.io import read_graph


def test_same_seed_same_edges_other_seed_other_edges():
    first = degree_corrected_sbm_edges(500, 3000, n_blocks=5, seed=7)
    again = degree_corrected_sbm_edges(500, 3000, n_blocks=5, seed=7)
    other = degree_corrected_sbm_edges(500, 3000, n_blocks=5, seed=8)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0]) or not np.array_equal(first[1], other[1])


def test_exact_count_of_distinct_simple_edges():
    source, target, block = degree_corrected_sbm_edges(300, 2000, n_blocks=3, seed=1)
    assert source.size == 2000 and np.all(source < target)
    keys = source * 300 + target
    assert np.unique(keys).size == 2000
    np.testing.assert_array_equal(np.bincount(block), [100, 100, 100])


def test_mixing_zero_keeps_every_edge_inside_a_block_and_mixing_one_none():
    source, target, block = degree_corrected_sbm_edges(400, 1500, n_blocks=4, mixing=0.0, seed=2)
    assert np.all(block[source] == block[target])
    source, target, block = degree_corrected_sbm_edges(400, 1500, n_blocks=4, mixing=1.0, seed=2)
    assert not np.any(block[source] == block[target])


def test_degrees_are_heavy_tailed():
    source, target, _ = degree_corrected_sbm_edges(5000, 50_000, n_blocks=10, exponent=2.1, seed=3)
    degree = np.bincount(np.concatenate([source, target]), minlength=5000)
    assert degree.max() > 10 * degree.mean()


def test_graph_has_block_labels():
    graph = degree_corrected_sbm(200, 600, n_blocks=4, seed=0)
    assert (graph.n_nodes, graph.n_edges) == (200, 600)
    np.testing.assert_array_equal(np.unique(graph.labels), [0, 1, 2, 3])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_blocks": 11}, "n_blocks must be <= n_nodes"),
        ({"mixing": 1.5}, "mixing"),
        ({"exponent": 1.0}, "exponent"),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        degree_corrected_sbm_edges(10, 5, **kwargs)


def test_too_many_edges_for_the_nodes():
    with pytest.raises(ParameterError, match="a quarter of the node pairs"):
        degree_corrected_sbm_edges(10, 20, n_blocks=2)


def test_cli_writes_an_edge_list_that_reads_back(tmp_path, capsys):
    path = tmp_path / "g.txt"
    assert main(["generate", "dcsbm", "--nodes", "300", "--edges", "1200", "--blocks", "6", "--seed", "4",
                 "--out", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_edges"] == 1200 and report["bytes"] == path.stat().st_size
    source, target, _ = degree_corrected_sbm_edges(300, 1200, n_blocks=6, seed=4)
    graph = read_graph(path)
    src, dst, _ = graph.edges()
    ids = np.asarray(graph.node_ids)
    written = set(zip(ids[src].tolist(), ids[dst].tolist()))
    assert written == set(zip(source.tolist(), target.tolist()))
