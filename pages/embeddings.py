"""Embeddings: FastRP, HOPE, Laplacian eigenmaps, DeepWalk, node2vec and SDNE, assessed side by side."""

from __future__ import annotations

import pages._preload_torch  # noqa: F401 - first: one thread imports pandas, plotly, torch and the engine
import pandas as pd
import streamlit as st

from engine.embedding.assess import compare_neighbourhood, project_2d
from engine.figures import embedding as figures
from engine.methods import GraphInput, methods_for
from engine.metrics import louvain_communities
from pages._shared import DEFAULT_SEED, RESULT_TTL, graph_picker, guard, page_title, param_widget, param_widgets, run_method, seed_input

KEY = "embeddings"
REQUEST = f"{KEY}.request"
METHODS = {method.name: method for method in methods_for("embedding")}
#: Parameters every embedding method takes: drawn once (keys ``embeddings.dim`` ...), not per method.
COMMON = ("dim", "similarity", "max_nodes", "link_prediction")


@st.cache_data(show_spinner="Projecting to 2-D…", max_entries=32, ttl=RESULT_TTL)
def cached_projection(fingerprint: str, method: str, seed: int, params: tuple, kind: str, _embedding):
    return project_2d(_embedding, method=kind, seed=seed)


@st.cache_data(show_spinner="Finding communities…", max_entries=8, ttl=RESULT_TTL)
def cached_communities(fingerprint: str, _graph):
    return louvain_communities(_graph, seed=DEFAULT_SEED)


def method_form() -> dict | None:
    with st.form(f"{KEY}.form"):
        methods = st.multiselect("Methods", list(METHODS), default=["fastrp", "hope", "laplacian"],
                                 format_func=lambda m: METHODS[m].title, key=f"{KEY}.methods")
        first = next(iter(METHODS.values()))
        cols = st.columns(len(COMMON) + 1)
        common = {name: param_widget(first.param(name), f"{KEY}.{name}", container=column)
                  for name, column in zip(COMMON, cols)}
        seed = seed_input(KEY, container=cols[-1])
        values = {}
        for name, method in METHODS.items():  # all drawn: a form sends the method choice only when submitted
            if len(method.params) > len(COMMON):
                with st.expander(f"{method.title} parameters"):
                    values[name] = param_widgets(KEY, method, skip=COMMON)
        if not st.form_submit_button("Embed and assess", type="primary", key=f"{KEY}.run"):
            return None
    if not methods:
        st.error("Choose at least one method.")
        return None
    return {"methods": methods, "seed": seed, "params": {name: {**common, **values.get(name, {})} for name in methods}}


def show_results(graph, results: dict) -> None:
    """``results``: method name -> its :class:`~engine.runs.Run` (``run.result`` is an AssessedEmbedding)."""
    table = pd.DataFrame([{"method": METHODS[name].title, "seconds": run.seconds, "peak MB": run.peak_bytes / 2**20,
                           **run.metrics} for name, run in results.items()]).set_index("method")
    st.dataframe(table.style.format("{:.4g}"), width="stretch")
    first = next(iter(results.values())).result.assessment.reconstruction
    st.caption(f"mAP over {first.n_sampled:,} of {first.n_nodes:,} nodes"
               + (" (a seeded sample)." if first.sampled else " (every node)."))
    for name, run in results.items():
        tuned = run.result.details().get("tuned")
        if tuned:
            st.caption(f"{METHODS[name].title} tuned on this graph: weights α = {tuned['weights']}, β = {tuned['beta']}, "
                       f"per-power normalisation {'on' if tuned['normalize_powers'] else 'off'} "
                       f"({tuned['tuning']['criterion']} {tuned['tuning']['score']:.3f}, best of "
                       f"{tuned['tuning']['candidates']} candidates).")
    maps = {METHODS[name].title: run.result.assessment.reconstruction.map for name, run in results.items()}
    left, right = st.columns(2)
    left.plotly_chart(figures.map_bars_figure(maps), width="stretch")
    right.plotly_chart(figures.map_line_figure(maps), width="stretch")
    scores = {METHODS[n].title: run.result.assessment.classification for n, run in results.items()
              if run.result.assessment.classification is not None}
    left, right = st.columns(2)
    if scores:
        left.plotly_chart(figures.f1_figure(scores), width="stretch")
    else:
        left.info("This graph has no node attribute 'label', so there is no classification view.")
    right.plotly_chart(figures.cost_figure({METHODS[n].title: run.result.embedding for n, run in results.items()}),
                       width="stretch")


def show_projections(graph, request: dict, results: dict) -> None:
    kind = st.radio("2-D projection", ["pca", "tsne"], horizontal=True, key=f"{KEY}.projection",
                    format_func={"pca": "PCA", "tsne": "t-SNE (slower)"}.get)
    if graph.labels is not None:
        colour, colour_label = graph.labels, "label"
    else:
        colour, colour_label = cached_communities(graph.fingerprint(), graph), "Louvain community"
    columns = st.columns(min(3, len(results)))
    for i, (name, run) in enumerate(results.items()):
        coordinates = cached_projection(graph.fingerprint(), name, request["seed"],
                                        tuple(sorted(request["params"][name].items())), kind, run.result.embedding)
        columns[i % len(columns)].plotly_chart(figures.projection_figure(
            coordinates, color=colour, color_label=colour_label, node_ids=graph.node_ids,
            title=f"{METHODS[name].title} ({kind.upper()})"), width="stretch")


def show_node_view(graph, request: dict, results: dict) -> None:
    st.subheader("One node: true neighbours vs nearest in each embedding")
    cols = st.columns(2)
    node_id = cols[0].selectbox("Node", graph.node_ids[:5000], key=f"{KEY}.node")
    hops = cols[1].slider("Hops", 1, 3, 1, key=f"{KEY}.hops")
    node = graph.index_of(node_id)
    comparisons = {METHODS[n].title: compare_neighbourhood(graph, run.result.embedding, node, hops=hops,
                                                           similarity=request["params"][n]["similarity"])
                   for n, run in results.items()}
    st.plotly_chart(figures.neighbourhood_figure(graph, comparisons, seed=request["seed"]), width="stretch")


page_title("Embeddings")
st.caption("Node embeddings scored by how well they reconstruct each node's k-hop neighbourhood (RESTORE mAP at "
           "1–3 hops), graph-reconstruction precision@k and node classification; every run is in the registry.")
graph = graph_picker(KEY, default="twitch_en")
if graph is not None:
    submitted = method_form()
    if submitted is not None:
        st.session_state[REQUEST] = {**submitted, "fingerprint": graph.fingerprint()}
    request = st.session_state.get(REQUEST)
    if request is not None and request["fingerprint"] == graph.fingerprint():
        results = {}
        for name in request["methods"]:
            with guard(METHODS[name].title):
                results[name] = run_method(name, GraphInput(graph), request["params"][name], request["seed"])
        if results:
            with guard("Drawing the results"):
                show_results(graph, results)
                show_projections(graph, request, results)
                show_node_view(graph, request, results)
