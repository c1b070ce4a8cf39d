"""Explore page: pick a graph, see its statistics, draw it (or a view of it), colour it by a metric."""

from __future__ import annotations

import numpy as np
import streamlit as st
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from engine.figures.graph import degree_ccdf_figure, network_figure
from engine.io import write_edgelist_csv, write_node_link_json
from engine.layout import LAYOUT_METHODS, layout
from engine.metrics import (
    CATEGORICAL_METRICS,
    NODE_METRICS,
    degree_filter,
    describe_node_metric,
    ego_graph,
    graph_summary,
    largest_component,
    node_metric,
)
from engine.runs import measure, record_run
from engine.types import Graph
from pages._shared import graph_picker, guard, page_title, set_current_graph

#: Largest graph drawn; above it the page offers views instead of freezing the browser.
MAX_DRAW_NODES = 10_000
VIEWS = ("Whole graph", "Largest component", "Ego network", "Degree filter")


@st.cache_data(show_spinner="Summarising the graph…", max_entries=32)
def _summary(fingerprint: str, _graph: Graph) -> dict:
    with measure() as measurement:
        summary = graph_summary(_graph)
    record_run("graphs", "summary", {}, dataset=_graph.name, fingerprint=fingerprint,
               metrics={k: v for k, v in summary.items() if v is not None}, measurement=measurement)
    return summary


@st.cache_data(show_spinner="Computing the layout…", max_entries=32)
def _layout(fingerprint: str, method: str, seed: int, _graph: Graph) -> np.ndarray:
    return layout(_graph, method, seed=seed)


@st.cache_data(show_spinner="Computing the metric…", max_entries=64)
def _metric(fingerprint: str, name: str, seed: int, _graph: Graph) -> np.ndarray:
    with measure() as measurement:
        values = node_metric(_graph, name, seed=seed)
    record_run("graphs", name, {"seed": seed}, dataset=_graph.name, fingerprint=fingerprint,
               metrics=describe_node_metric(_graph, name, values), measurement=measurement)
    return values


@st.cache_data(show_spinner="Cutting the view…", max_entries=32)
def _view(fingerprint: str, kind: str, params: tuple, _graph: Graph) -> Graph:
    if kind == "Largest component":
        return largest_component(_graph)
    if kind == "Ego network":
        node, depth = params
        centre = int(np.argmax(_graph.degrees())) if node == "" else _graph.index_of(node)
        return ego_graph(_graph, centre, depth)
    return degree_filter(_graph, *params)


def _stats_panel(summary: dict) -> None:
    columns = st.columns(7)
    assortativity = summary["degree_assortativity"]
    columns[0].metric("Nodes", f"{summary['n_nodes']:,}")
    columns[1].metric("Edges", f"{summary['n_edges']:,}")
    columns[2].metric("Density", f"{summary['density']:.4f}")
    columns[3].metric("Components", f"{summary['n_components']:,}")
    columns[4].metric("Largest component", f"{summary['largest_component_share']:.1%}")
    columns[5].metric("Avg. clustering", f"{summary['average_clustering']:.3f}")
    columns[6].metric("Assortativity", "undefined" if assortativity is None else f"{assortativity:.3f}")
    notes = [f"{summary[key]:,} {label}" for key, label in (("n_self_loops", "self-loops"),
             ("n_duplicate_edges", "duplicate edges merged")) if summary[key]]
    kind = "directed" if summary["directed"] else "undirected"
    st.caption(", ".join([kind] + notes))


def _node_values(view: Graph, choice: str, seed: int) -> tuple[np.ndarray | None, bool]:
    """Values of a metric or attribute column for each node of the view, and whether they are categories."""
    if choice == "none":
        return None, False
    if choice in NODE_METRICS:
        return _metric(view.fingerprint(), choice, seed, view), choice in CATEGORICAL_METRICS
    column = view.attributes[choice]
    return column.to_numpy(), not is_numeric_dtype(column)


def _hover(view: Graph) -> dict:
    """Degree and up to six attribute columns, shown when hovering a node."""
    columns = {"degree": view.degrees()}
    if view.attributes is not None:
        columns.update({str(c): view.attributes[c].to_numpy() for c in list(view.attributes.columns)[:6]})
    return columns


page_title("Explore a graph")
graph = graph_picker("explore", default="les_miserables")
if graph is None:
    st.info("Pick a built-in dataset or upload a graph file.")
    st.stop()
set_current_graph(graph)

with guard("Summarising the graph"):
    _stats_panel(_summary(graph.fingerprint(), graph))

too_big = graph.n_nodes > MAX_DRAW_NODES
if too_big:
    st.warning(f"{graph.name} has {graph.n_nodes:,} nodes; drawing is limited to {MAX_DRAW_NODES:,}. "
               "Pick a view: the largest component, a k-hop ego network or a degree filter.")

controls, canvas = st.columns([1, 3])
with controls:
    if too_big and st.session_state.get("explore.view_graph") != graph.fingerprint():
        st.session_state["explore.view"] = "Ego network"  # a new graph too big to draw: start on a view
    st.session_state["explore.view_graph"] = graph.fingerprint()
    view_kind = st.radio("View", VIEWS, key="explore.view")
    params: tuple = ()
    if view_kind == "Ego network":
        node = st.text_input("Centre node id", key="explore.ego_node", placeholder="highest-degree node").strip()
        params = (node, st.slider("Depth (hops)", 1, 3, 1, key="explore.ego_depth"))
    elif view_kind == "Degree filter":
        low = st.number_input("Min degree", min_value=0, value=1, step=1, key="explore.min_degree")
        high = st.number_input("Max degree", min_value=0, value=None, step=1, key="explore.max_degree",
                               placeholder="no limit")
        params = (int(low), None if high is None else int(high))
    method = st.selectbox("Layout", LAYOUT_METHODS, key="explore.layout",
                          format_func=lambda m: m.replace("_", " ").capitalize())
    seed = int(st.number_input("Seed", min_value=0, value=0, step=1, key="explore.seed"))
    view = graph if view_kind == "Whole graph" else None
    if view is None:
        with guard("Cutting the view"):
            view = _view(graph.fingerprint(), view_kind, params, graph)
    attributes = [] if view is None or view.attributes is None else list(view.attributes.columns)
    numeric = [c for c in attributes if is_numeric_dtype(view.attributes[c]) and not is_bool_dtype(view.attributes[c])]
    colour_choice = st.selectbox("Colour by", ["none", *NODE_METRICS, *attributes], index=6,
                                 key="explore.color")
    size_choice = st.selectbox("Size by", ["none", *[m for m in NODE_METRICS if m not in CATEGORICAL_METRICS],
                                           *numeric], index=1, key="explore.size")
    search = st.text_input("Find node id", key="explore.search", placeholder="e.g. Valjean").strip()

with canvas:
    figure = None
    if view is not None and view.n_nodes > MAX_DRAW_NODES:
        st.info(f"This view has {view.n_nodes:,} nodes, above the drawing limit of {MAX_DRAW_NODES:,}: "
                "choose an ego network or raise the minimum degree.")
    elif view is not None:
        with guard("Drawing the graph"):
            positions = _layout(view.fingerprint(), method, seed, view)
            colour, categorical = _node_values(view, colour_choice, seed)
            size, _ = _node_values(view, size_choice, seed)
            highlight = [view.index_of(search)] if search else None
            figure = network_figure(view, positions, color=colour, color_label=colour_choice,
                                    categorical=categorical, size=size, size_label=size_choice,
                                    highlight=highlight, hover=_hover(view))
            st.plotly_chart(figure, width="stretch", key="explore.figure")

    distribution, downloads = st.tabs(["Degree distribution", "Downloads"])
    with distribution:
        st.plotly_chart(degree_ccdf_figure(graph), width="stretch", key="explore.ccdf")
    with downloads:
        if view is not None:
            stem = view.name.replace(" ", "_")
            st.caption(f"The current view: {view.n_nodes:,} nodes, {view.n_edges:,} edges.")
            st.download_button("Edge list (CSV)", lambda g=view: write_edgelist_csv(g), f"{stem}.csv",
                               "text/csv", key="explore.download_csv", on_click="ignore")
            st.download_button("Node-link JSON", lambda g=view: write_node_link_json(g), f"{stem}.json",
                               "application/json", key="explore.download_json", on_click="ignore")
        if figure is not None:
            st.download_button("Figure (standalone HTML)", lambda f=figure: f.to_html(include_plotlyjs=True),
                               f"{stem}.html", "text/html", key="explore.download_html", on_click="ignore")
