"""SSumM: budget, determinism, quality trend, reconstruction, parameters, reference format."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import load_dataset
from engine.errors import EmptyGraphError, ParameterError, UnsupportedGraphError
from engine.summarization import ssumm, ssumm_sweep, summary_cost
from engine.summarization import simple_adjacency
from engine.summarization.formats import read_ssumm, write_ssumm
from engine.types import Graph


@pytest.mark.parametrize("ratio", [0.05, 0.2, 0.5, 0.9])
@pytest.mark.parametrize("error", ["re1", "re2"])
def test_ssumm_never_exceeds_the_budget(karate, ratio, error):
    summary = ssumm(karate, ratio=ratio, error=error, seed=3)
    assert summary.size_bits <= summary.target_bits
    assert summary.target_bits == pytest.approx(ratio * 2 * 78 * np.log2(34))
    recomputed = summary_cost(karate, summary.partition, summary.superedges)
    assert recomputed.size_bits == pytest.approx(summary.size_bits)
    assert recomputed.re1 == pytest.approx(summary.re1)


def test_ssumm_tiny_target_bits_gives_the_empty_summary(karate):
    summary = ssumm(karate, target_bits=1.0, seed=0)
    assert summary.size_bits <= 1.0
    assert summary.n_superedges == 0
    assert summary.re1 == pytest.approx(summary.re1_empty)


def test_ssumm_same_seed_same_summary(karate):
    first = ssumm(karate, ratio=0.3, seed=7)
    second = ssumm(karate, ratio=0.3, seed=7)
    np.testing.assert_array_equal(first.partition, second.partition)
    np.testing.assert_array_equal(first.superedges, second.superedges)
    assert first.history == second.history


def test_ssumm_error_falls_as_the_ratio_grows():
    graph = load_dataset("ego_facebook")
    rows = ssumm_sweep(graph, [0.1, 0.5], error="re1", n_iterations=4, seed=1)
    low, high = rows
    assert high["re1"] < low["re1"]
    # far better than the empty summary (spec S3: <= 0.7x on ego-Facebook)
    n, m = graph.n_nodes, graph.n_edges
    assert high["re1"] < 0.7 * 2 * m / (n * (n - 1))
    assert low["relative_size"] <= 0.1 and high["relative_size"] <= 0.5
    # merging stops at the budget, so the budget is used (spec S2: size >= 0.9 k)
    assert low["relative_size"] >= 0.09 and high["relative_size"] >= 0.45


def test_ssumm_reconstruction_matches_the_errors(karate):
    summary = ssumm(karate, ratio=0.4, error="re2", seed=2)
    a = simple_adjacency(karate).toarray()
    recon = summary.reconstruct().toarray()
    n = len(a)
    assert np.abs(a - recon).sum() / (n * (n - 1)) == pytest.approx(summary.re1)
    assert np.sqrt(((a - recon) ** 2).sum()) / (n * (n - 1)) == pytest.approx(summary.re2)
    assert len(summary.history) >= 1 and summary.history[-1][0] == len(summary.history)


def test_ssumm_reference_format_round_trip(karate, tmp_path):
    summary = ssumm(karate, ratio=0.3, seed=1)
    path = write_ssumm(summary, tmp_path / "summary.txt")
    assert path.read_text().startswith("<Subnode of each supernode>\n")
    back = read_ssumm(path, karate)
    assert back.size_bits == pytest.approx(summary.size_bits)
    assert back.re1 == pytest.approx(summary.re1)
    np.testing.assert_array_equal(back.edge_counts, summary.edge_counts)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"ratio": 0.0}, "ratio must be in"),
        ({"ratio": 1.0}, "ratio must be in"),
        ({"ratio": -0.2}, "ratio must be in"),
        ({}, "exactly one of"),
        ({"ratio": 0.5, "target_bits": 10}, "exactly one of"),
        ({"target_bits": 0}, "target_bits"),
        ({"ratio": 0.5, "n_iterations": -1}, "n_iterations"),
        ({"ratio": 0.5, "n_iterations": 0}, "n_iterations"),
        ({"ratio": 0.5, "error": "re3"}, "error"),
        ({"ratio": 0.5, "seed": -4}, "seed"),
    ],
)
def test_ssumm_bad_parameters(karate, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        ssumm(karate, **kwargs)


def test_ssumm_bad_graphs():
    with pytest.raises(EmptyGraphError):
        ssumm(Graph.from_edges([], [], n_nodes=3), ratio=0.5)
    with pytest.raises(UnsupportedGraphError):
        ssumm(Graph.from_edges([0], [1], directed=True), ratio=0.5)
