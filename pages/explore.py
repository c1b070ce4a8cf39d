"""Explore page: pick a graph, see its statistics, draw it (or a view of it), colour it, select to explore.

The drawing and its controls are one ``st.fragment``: a change of colour, size, search, view or layout
reruns only that part, so the statistics and the degree distribution are not recomputed nor resent. Edges
above a few thousand are one cached server-rendered image (``engine.figures.graph.edge_image``). The
drawing is a component that stays mounted across reruns (``pages/_canvas.py``, ``assets/components/
canvas.js``): the browser keeps its Plotly graph and updates it in place (``Plotly.react``), and the edge
image is sent once per geometry (view, layout, seed, zoom), so a change of colour resends node arrays only
(and, in an overview above ``MAX_POINTS`` nodes, the node image, cached per colour; a change of size or a
search resends no image).
A box or lasso selection on it comes back as the component's value.
"""

from __future__ import annotations

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import numpy as np
import streamlit as st
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from engine.errors import ParameterError
from engine.figures.graph import (
    MAX_LINE_EDGES, MAX_POINTS, degree_ccdf_figure, drawn_nodes, edge_image, is_overview, network_figure, node_image,
)
from engine.io import write_edgelist_csv, write_node_link_json
from engine.layout import LAYOUT_METHODS, stored_layout
from engine.metrics import (
    CATEGORICAL_METRICS,
    CLUSTERING_EXACT_MAX_NODES,
    NODE_METRICS,
    degree_filter,
    describe_node_metric,
    ego_graph,
    graph_summary,
    largest_component,
    node_metric,
    stored_node_metric,
)
from engine.overview import nodes_in_box, nodes_in_polygon
from engine.runs import RunRegistry, measure
from engine.types import Graph
from pages._canvas import canvas
from pages._shared import (
    DEFAULT_SEED, RESULT_TTL, graph_picker, guard, page_title, plain, session_owner, set_current_graph,
)
from pages._teaching import (
    Shared, chart_config, check_seed, dataset_field, explain, export_format_choice, link_box, picked_dataset, restore,
    restore_dataset, share,
)

#: Largest graph drawn whole by default; above it the page starts on an ego view (the whole graph is
#: still drawn on request, as an overview above engine.figures.graph.MAX_POINTS nodes).
DEFAULT_WHOLE_NODES = 200_000
VIEWS = ("Whole graph", "Largest component", "Ego network", "Degree filter", "Selected nodes")
SELECTION = "explore.selection_graph"
REGION = "explore.region"
#: Fingerprint of the graph whose exact average clustering the user asked for.
EXACT = "explore.exact_clustering_of"
#: Query parameters of a link to this page (besides ``dataset``), read by :func:`drawing`.
LINK = ("view", "node", "depth", "min_degree", "max_degree", "layout", "seed", "color", "size", "search")


@st.cache_data(show_spinner="Summarising the graph…", max_entries=32, ttl=RESULT_TTL)
def _summary(fingerprint: str, exact: bool, _graph: Graph) -> dict:
    """The graph's description (like ``python -m engine stats``: not a method run, so not recorded).

    Above ``engine.metrics.CLUSTERING_EXACT_MAX_NODES`` nodes the average clustering is estimated from a
    seeded node sample (labelled so in the panel) unless ``exact`` (the user asked for the exact value)."""
    return graph_summary(_graph, clustering_sample=_graph.n_nodes if exact else None)


@st.cache_data(show_spinner="Computing the layout…", max_entries=32, ttl=RESULT_TTL)
def _layout(fingerprint: str, method: str, seed: int, _graph: Graph) -> np.ndarray:
    return stored_layout(_graph, method, seed=seed)


@st.cache_data(show_spinner="Drawing the edges…", max_entries=32, ttl=RESULT_TTL)
def _edge_image(fingerprint: str, method: str, seed: int, region, _graph: Graph, _positions: np.ndarray) -> str:
    return edge_image(_graph, _positions, region=region)


@st.cache_data(show_spinner="Drawing the nodes…", max_entries=32, ttl=RESULT_TTL)
def _node_image(fingerprint: str, method: str, seed: int, region, colour: str, _graph: Graph,
                _positions: np.ndarray, _values: np.ndarray | None, _categorical: bool) -> str:
    """An overview's node image; ``colour`` (with ``seed``) names the values, so a change of size or a
    search, which keep them, reuse it."""
    return node_image(_graph, _positions, color=_values, categorical=_categorical, region=region)


@st.cache_data(show_spinner="Computing the metric…", max_entries=64, ttl=RESULT_TTL)
def _metric(fingerprint: str, name: str, seed: int, _graph: Graph, _owner: str = "") -> np.ndarray:
    """A node metric, recorded once (by the session that computed it first) as a run of ``_owner``.

    Above ``MAX_POINTS`` nodes it is kept on disk (``engine.metrics.stored_node_metric``; serve.py stores
    each local dataset's PageRank in the background); one read back from there is not a run."""
    with measure() as measurement:
        if _graph.n_nodes > MAX_POINTS:
            values, computed = stored_node_metric(_graph, name, seed=seed)
        else:
            values, computed = node_metric(_graph, name, seed=seed), True
    if not computed:
        return values
    RunRegistry().record(name, {"seed": seed}, dataset=_graph.name, fingerprint=fingerprint, capability="graphs",
                         metrics=describe_node_metric(_graph, name, values), seconds=measurement.seconds,
                         peak_bytes=measurement.peak_bytes, owner=_owner)
    return values


@st.cache_data(show_spinner="Cutting the view…", max_entries=32, ttl=RESULT_TTL)
def _view(fingerprint: str, name: str, kind: str, params: tuple, _graph: Graph) -> Graph:
    """A view of the graph, cached by content and name (the same file uploaded under a new name is
    titled by the new name)."""
    if kind == "Largest component":
        return largest_component(_graph)
    if kind == "Ego network":
        node, depth = params
        centre = int(np.argmax(_graph.degrees())) if node == "" else _graph.index_of(node)
        return ego_graph(_graph, centre, depth)
    return degree_filter(_graph, *params)


def _stats_panel(summary: dict, fingerprint: str) -> None:
    columns = st.columns(7)
    assortativity = summary["degree_assortativity"]
    sampled = summary["clustering_sampled_nodes"]
    columns[0].metric("Nodes", f"{summary['n_nodes']:,}")
    columns[1].metric("Edges", f"{summary['n_edges']:,}")
    columns[2].metric("Density", f"{summary['density']:.3g}")
    columns[3].metric("Components", f"{summary['n_components']:,}")
    columns[4].metric("Largest component", f"{summary['largest_component_share']:.1%}")
    clustering = f"{summary['average_clustering']:.3f}"
    columns[5].metric("Avg. clustering", f"≈ {clustering}" if sampled else clustering,
                      help=f"Estimated from {sampled:,} sampled nodes (see below)." if sampled else None)
    columns[6].metric("Assortativity", "undefined" if assortativity is None else f"{assortativity:.3f}")
    notes = [f"{summary[key]:,} {label}" for key, label in (("n_self_loops", "self-loops"),
             ("n_duplicate_edges", "duplicate edges merged")) if summary[key]]
    if sampled:
        notes.append(f"average clustering estimated from {sampled:,} nodes sampled with seed "
                     f"{summary['clustering_seed']} (standard error {summary['clustering_stderr']:.1g}; "
                     f"exact up to {CLUSTERING_EXACT_MAX_NODES:,} nodes)")
    kind = "directed" if summary["directed"] else "undirected"
    st.caption(", ".join([kind] + notes))
    if sampled:
        st.button("Compute the exact average clustering", key="explore.exact_clustering",
                  on_click=st.session_state.__setitem__, args=(EXACT, fingerprint))


def _node_values(view: Graph, choice: str, seed: int) -> tuple[np.ndarray | None, bool]:
    """Values of a metric or attribute column for each node of the view, and whether they are categories."""
    if choice == "none":
        return None, False
    if choice in NODE_METRICS:
        return _metric(view.fingerprint(), choice, seed, view, session_owner()), choice in CATEGORICAL_METRICS
    column = view.attributes[choice]
    return column.to_numpy(), not is_numeric_dtype(column)


def _hover(view: Graph) -> dict:
    """Degree and up to six attribute columns, shown when hovering a node."""
    columns = {"degree": view.degrees()}
    if view.attributes is not None:
        columns.update({str(c): view.attributes[c].to_numpy() for c in list(view.attributes.columns)[:6]})
    return columns


def _selected(selection: dict | None, positions: np.ndarray, shown: np.ndarray, nodes_trace: int) -> np.ndarray:
    """Node positions (in the view) chosen by a box, a lasso or clicked markers of trace ``nodes_trace``."""
    if not selection:
        return np.zeros(0, dtype=np.int64)
    if selection.get("box"):
        box = selection["box"][0]
        return nodes_in_box(positions, box["x"], box["y"])
    if selection.get("lasso"):
        lasso = selection["lasso"][0]
        return nodes_in_polygon(positions, lasso["x"], lasso["y"])
    points = [p["point_index"] for p in selection.get("points", []) if p.get("curve_number") == nodes_trace]
    return np.unique(shown[np.asarray(points, dtype=np.int64)]) if points else np.zeros(0, dtype=np.int64)


def _selection_panel(view: Graph, chosen: np.ndarray, box: dict | None = None) -> None:
    """Statistics of the selected nodes and the ways to explore them: draw only them, the ego view of the
    highest-degree one, and (for a box) zoom the drawing to the box."""
    sub = view.subgraph(chosen, name=f"{view.name} (selection of {chosen.size:,})")
    degrees = view.degrees()[chosen]
    top = chosen[np.argsort(-degrees, kind="stable")[:5]]
    st.markdown(f"**Selection**: {chosen.size:,} nodes, {sub.n_edges:,} edges among them, "
                f"mean degree {degrees.mean():.2f} (in the view).")
    st.caption(plain("Highest degree: " + ", ".join(f"{view.node_ids[i]} ({int(view.degrees()[i])})" for i in top)))
    only, ego, zoom = st.columns(3)
    only.button("Draw only these", key="explore.draw_selection", on_click=_draw_only, args=(sub,))
    centre = str(view.node_ids[top[0]])
    ego.button(plain(f"Ego view of {centre}"), key="explore.ego_selection", on_click=_ego_of, args=(centre,))
    if box is not None:
        zoom.button("Zoom to the box", key="explore.zoom", on_click=_zoom,
                    args=((tuple(sorted(box["x"])), tuple(sorted(box["y"]))),))


def _draw_only(sub: Graph) -> None:
    st.session_state[SELECTION] = sub
    st.session_state["explore.view"] = "Selected nodes"
    st.session_state.pop(REGION, None)


def _ego_of(node: str) -> None:
    st.session_state["explore.view"] = "Ego network"
    st.session_state["explore.ego_node"] = node
    st.session_state.pop(REGION, None)


def _zoom(region) -> None:
    st.session_state[REGION] = region


@st.fragment
def drawing(graph: Graph) -> None:
    """The view controls, the drawing and the selection panel (reruns alone on any of its widgets)."""
    controls, drawing_area = st.columns([1, 3])
    identity = f"{graph.fingerprint()}:{graph.name}"  # a re-upload under a new name is a new graph to the page
    with controls:
        if graph.n_nodes > DEFAULT_WHOLE_NODES and st.session_state.get("explore.view_graph") != identity:
            st.session_state["explore.view"] = "Ego network"  # a new, huge graph: start on a view
        if graph.n_nodes > MAX_POINTS and st.session_state.get("explore.view_graph") != identity:
            # and a new large one on a colour that costs no minutes (Louvain: 88 s on BA 100k / 200k)
            st.session_state["explore.color"] = "degree"
        if st.session_state.get("explore.view_graph") != identity:
            st.session_state.pop(SELECTION, None)
            st.session_state.pop(REGION, None)
        st.session_state["explore.view_graph"] = identity
        restore("explore", [Shared("view", "explore.view", choices=VIEWS[:-1]), Shared("node", "explore.ego_node"),
                            Shared("depth", "explore.ego_depth", int, choices=(1, 2, 3)),
                            Shared("min_degree", "explore.min_degree", int, check=check_seed),
                            Shared("max_degree", "explore.max_degree", int, check=check_seed),
                            Shared("layout", "explore.layout", choices=LAYOUT_METHODS),
                            Shared("seed", "explore.seed", int, check=check_seed),
                            Shared("search", "explore.search")])
        views = VIEWS if st.session_state.get(SELECTION) is not None else VIEWS[:-1]
        if st.session_state.get("explore.view") not in views:
            st.session_state["explore.view"] = "Whole graph"
        view_kind = st.radio("View", views, key="explore.view")
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
        seed = int(st.number_input("Seed", min_value=0, value=DEFAULT_SEED, step=1, key="explore.seed"))
        view = {"Whole graph": graph, "Selected nodes": st.session_state.get(SELECTION)}.get(view_kind)
        if view is None:
            with guard("Cutting the view"):
                view = _view(graph.fingerprint(), graph.name, view_kind, params, graph)
        attributes = [] if view is None or view.attributes is None else list(view.attributes.columns)
        numeric = [c for c in attributes
                   if is_numeric_dtype(view.attributes[c]) and not is_bool_dtype(view.attributes[c])]
        colours = ["none", *NODE_METRICS, *attributes]
        sizes = ["none", *[m for m in NODE_METRICS if m not in CATEGORICAL_METRICS], *numeric]
        restore("explore", [Shared("color", "explore.color", choices=colours),
                            Shared("size", "explore.size", choices=sizes)])
        colour_choice = st.selectbox("Colour by", colours, index=6, key="explore.color")
        size_choice = st.selectbox("Size by", sizes, index=1, key="explore.size")
        search = st.text_input("Find node id", key="explore.search", placeholder="e.g. Valjean").strip()
        highlight = None
        if search and view is not None:
            try:
                highlight = [view.index_of(search)]
            except ParameterError:
                st.warning(plain(f"No node with id {search!r} in this view; the drawing is unchanged."))
        ego, degree = view_kind == "Ego network", view_kind == "Degree filter"
        share({"view": None if view_kind == "Selected nodes" else view_kind, "node": params[0] if ego else None,
               "depth": params[1] if ego else None, "min_degree": params[0] if degree else None,
               "max_degree": params[1] if degree else None, "layout": method, "seed": seed, "color": colour_choice,
               "size": size_choice, "search": search})
        if view_kind == "Selected nodes":
            st.caption("A hand-made selection is not part of the link: it opens on the whole graph.")
        link_box("explore")

    with drawing_area:
        if view is None:
            return
        figure = None
        with guard("Drawing the graph"):
            fingerprint = view.fingerprint()
            positions = _layout(fingerprint, method, seed, view)
            region = st.session_state.get(REGION)
            colour, categorical = _node_values(view, colour_choice, seed)
            size, _ = _node_values(view, size_choice, seed)
            edge_png = node_png = None
            if view.n_edges > MAX_LINE_EDGES:
                edge_png = _edge_image(fingerprint, method, seed, region, view, positions)
            if is_overview(view, positions, region=region):
                node_png = _node_image(fingerprint, method, seed, region, colour_choice, view, positions, colour,
                                       categorical)
            figure = network_figure(view, positions, color=colour, color_label=colour_choice,
                                    categorical=categorical, size=size, size_label=size_choice,
                                    highlight=highlight, hover=_hover(view), region=region, edge_png=edge_png,
                                    node_png=node_png)
            geometry = f"{fingerprint[:16]}:{method}:{seed}:{region}"  # what fixes the node positions
            selection = canvas(figure, key="explore.figure", geometry=geometry,
                               config=chart_config("graph.network_figure"))
            st.caption("Drag to pan; pick the box or lasso tool above the drawing to select nodes.")
            explain("graph.network_figure")
            nodes_trace = [trace.name for trace in figure.data].index("nodes")
            chosen = _selected(selection, positions, drawn_nodes(view, positions, region=region), nodes_trace)
            if chosen.size:
                _selection_panel(view, chosen, selection["box"][0] if selection.get("box") else None)
            if region is not None:
                st.button("Show the whole layout", key="explore.unzoom", on_click=_zoom, args=(None,))
        with st.expander("Downloads"):
            stem = view.name.replace(" ", "_")
            st.caption(f"The current view: {view.n_nodes:,} nodes, {view.n_edges:,} edges.")
            st.download_button("Edge list (CSV)", lambda g=view: write_edgelist_csv(g), f"{stem}.csv",
                               "text/csv", key="explore.download_csv", on_click="ignore")
            st.download_button("Node-link JSON", lambda g=view: write_node_link_json(g), f"{stem}.json",
                               "application/json", key="explore.download_json", on_click="ignore")
            if figure is not None:
                st.download_button("Figure (standalone HTML)", lambda f=figure: f.to_html(include_plotlyjs=True),
                                   f"{stem}.html", "text/html", key="explore.download_html", on_click="ignore")


page_title("Explore a graph")
export_format_choice()
restore_dataset("explore", restore("explore", [dataset_field("explore")], known=LINK))
graph = graph_picker("explore", default="les_miserables")
if graph is None:
    st.info("Pick a built-in dataset or upload a graph file.")
    st.stop()
set_current_graph(graph)
share({"dataset": picked_dataset("explore")})

with guard("Summarising the graph"):
    _stats_panel(_summary(graph.fingerprint(), st.session_state.get(EXACT) == graph.fingerprint(), graph),
                 graph.fingerprint())
if graph.n_nodes > DEFAULT_WHOLE_NODES:
    st.info(plain(f"{graph.name} has {graph.n_nodes:,} nodes: the page starts on an ego network; "
                  "pick 'Whole graph' for an overview of every node and edge."))
drawing(graph)
st.subheader("Degree distribution")
st.plotly_chart(degree_ccdf_figure(graph), width="stretch", key="explore.ccdf",
                config=chart_config("graph.degree_ccdf_figure"))
explain("graph.degree_ccdf_figure")
