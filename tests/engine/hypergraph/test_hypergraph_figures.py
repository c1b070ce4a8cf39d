"""Figure builders return figures with the expected content."""

from __future__ import annotations

import pandas as pd

from engine.figures import hypergraph as figures
from engine.hypergraph import Hypergraph, evaluate_reconstruction, load_hypergraph_pair, loss_patterns

PATTERNED = Hypergraph.from_hyperedges([["a", "b", "x"], ["b", "c", "y"], ["a", "c", "z"], ["a", "b"]])


def _names(fig) -> list[str]:
    return [t.name for t in fig.data if t.name]


def test_hulls_one_group_per_size_and_bipartite_squares():
    fig = figures.hull_figure(PATTERNED)
    assert {"size 3", "size 2", "nodes"} <= set(_names(fig))
    bipartite = figures.bipartite_figure(PATTERNED)
    squares = next(t for t in bipartite.data if t.name == "hyperedges")
    assert len(squares.x) == 4


def test_projection_highlights_both_patterns():
    fig = figures.projection_figure(PATTERNED, loss_patterns(PATTERNED))
    assert {"uncovered cliques (1)", "nested hyperedges (1)"} <= set(_names(fig))
    counts = figures.loss_pattern_figure(loss_patterns(PATTERNED), PATTERNED)
    assert [list(t.y) for t in counts.data] == [[1, 3], [1], [1]]


def test_large_hypergraphs_are_drawn_in_part():
    _, test = load_hypergraph_pair("enron")
    fig = figures.hull_figure(test, max_nodes=30, max_hyperedges=20)
    assert "of 756 hyperedges" in fig.layout.title.text
    shown = figures.neighbourhood(test, max_nodes=30, max_hyperedges=20)
    assert shown.n_nodes <= 30 and shown.n_hyperedges <= 20


def test_reconstruction_figures():
    train, test = load_hypergraph_pair("crime")
    result = evaluate_reconstruction(train, test, "maxclique")
    table = pd.DataFrame([{"method": result.method, **result.metrics()}])
    assert len(figures.metrics_figure(table).data) == 4
    assert len(figures.per_size_recall_figure({"maxclique": result.per_size}).data) == 1
    outcome = figures.outcome_figure(result.predicted, test)
    assert any(name.startswith("correct") for name in _names(outcome))
    stacked = figures.outcome_size_figure(result.predicted, test)
    assert sum(sum(t.y) for t in stacked.data) == len(result.predicted.edge_set | test.edge_set)


def test_per_size_recall_bars_name_each_size_count_and_the_methods_title():
    frame = pd.DataFrame({"size": [2, 3, 5], "n_true": [10, 4, 0], "n_correct": [5, 4, 0], "recall": [0.5, 1.0, 0.0]})
    fig = figures.per_size_recall_figure({"maxclique": frame, "custom": frame})
    assert [trace.name for trace in fig.data] == ["Maximal cliques", "custom"]
    assert list(fig.data[0].x) == ["2<br>n=10", "3<br>n=4"]  # a size without true hyperedges is left out
    assert list(fig.data[0].y) == [0.5, 1.0]
    assert fig.layout.xaxis.type == "category"


def _axis_titles(fig) -> list[str]:
    return [fig.layout[name].title.text for name in fig.layout if name.startswith(("xaxis", "yaxis"))
            and fig.layout[name].visible is not False]


def test_metric_figures_have_axis_titles_with_units_and_legend_titles():
    train, test = load_hypergraph_pair("crime")
    result = evaluate_reconstruction(train, test, "maxclique")
    table = pd.DataFrame([{"method": result.method, **result.metrics()}])
    built = {
        "metrics": figures.metrics_figure(table),
        "per_size": figures.per_size_recall_figure({"maxclique": result.per_size}),
        "outcome_size": figures.outcome_size_figure(result.predicted, test),
        "patterns": figures.loss_pattern_figure(loss_patterns(PATTERNED), PATTERNED),
    }
    for name, fig in built.items():
        titles = _axis_titles(fig)
        assert len(titles) == 2 and all(titles), name
        assert all("(" in title for title in titles if title != "method"), (name, titles)  # a unit in brackets
        assert fig.layout.legend.title.text, name
    assert _names(built["metrics"]) == ["Jaccard", "precision", "recall", "F1"]  # the glossary's names
    assert "hyperedge size (nodes)" in _axis_titles(built["per_size"])
