"""Embeddings: FastRP, HOPE, Laplacian eigenmaps, DeepWalk, node2vec and SDNE, assessed side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.embedding import METHODS, embed
from engine.embedding.assess import SIMILARITIES, assess, compare_neighbourhood, link_prediction, project_2d
from engine.figures import embedding as figures
from engine.metrics import louvain_communities
from engine.runs import Measurement, record_run
from pages._shared import graph_picker, guard, page_title, progress_callback

KEY = "embeddings"
REQUEST = f"{KEY}.request"


@st.cache_data(show_spinner=False, max_entries=64)
def cached_run(fingerprint: str, method: str, dim: int, seed: int, params: tuple, similarity: str, max_nodes: int,
               with_links: bool, _graph):
    bar = st.progress(0.0, text=f"{METHODS[method].title}: embedding…")
    embedding = embed(_graph, method, dim=dim, seed=seed, on_progress=progress_callback(bar), **dict(params))
    bar.progress(0.0, text=f"{METHODS[method].title}: assessing…")
    assessment = assess(_graph, embedding, labels=_graph.labels, similarity=similarity, max_nodes=max_nodes,
                        seed=seed, on_progress=progress_callback(bar))
    metrics = assessment.metrics()
    if with_links:
        bar.progress(0.5, text=f"{METHODS[method].title}: link prediction (embedding the train edges)…")
        metrics["link_auc"] = link_prediction(
            _graph, lambda g: embed(g, method, dim=dim, seed=seed, **dict(params)), similarity=similarity, seed=seed
        ).auc
    bar.empty()
    classification = assessment.classification
    record_run("embedding", method, {"dim": dim, **embedding.params}, dataset=_graph.name, fingerprint=fingerprint,
               metrics=metrics, measurement=Measurement(embedding.seconds, embedding.peak_bytes),
               details={"map": list(assessment.reconstruction.map), "hops": list(assessment.reconstruction.hops),
                        "f1": None if classification is None else {
                            "train_fractions": list(classification.train_fractions),
                            "micro": list(classification.micro_f1), "macro": list(classification.macro_f1)}})
    return embedding, assessment, metrics


@st.cache_data(show_spinner="Projecting to 2-D…", max_entries=32)
def cached_projection(fingerprint: str, method: str, dim: int, seed: int, params: tuple, kind: str, _embedding):
    return project_2d(_embedding, method=kind, seed=seed)


@st.cache_data(show_spinner="Finding communities…", max_entries=8)
def cached_communities(fingerprint: str, _graph):
    return louvain_communities(_graph, seed=0)


def method_form() -> dict | None:
    with st.form(f"{KEY}.form"):
        methods = st.multiselect("Methods", list(METHODS), default=["fastrp", "hope", "laplacian"],
                                 format_func=lambda m: METHODS[m].title, key=f"{KEY}.methods")
        cols = st.columns(4)
        dim = cols[0].number_input("Dimension", 2, 1024, 64, step=2, key=f"{KEY}.dim")
        seed = cols[1].number_input("Seed", 0, 2**31 - 1, 1, key=f"{KEY}.seed")
        similarity = cols[2].selectbox("Similarity", SIMILARITIES, key=f"{KEY}.similarity")
        max_nodes = cols[3].number_input("mAP query nodes (sampled above)", 50, 20000, 1000, step=50,
                                         key=f"{KEY}.max_nodes")
        with_links = st.checkbox("Link prediction (embeds each method a second time on 80 % of the edges)",
                                 key=f"{KEY}.links")
        params = {}
        for name in methods:
            specs = METHODS[name].params
            if not specs:
                continue
            with st.expander(f"{METHODS[name].title} parameters"):
                columns = st.columns(len(specs))
                values = {}
                for column, spec in zip(columns, specs):
                    widget_key = f"{KEY}.{name}.{spec.name}"
                    if isinstance(spec.default, str):
                        values[spec.name] = column.text_input(spec.name, spec.default, help=spec.help, key=widget_key)
                    elif isinstance(spec.default, int):
                        values[spec.name] = int(column.number_input(spec.name, int(spec.low), int(spec.high),
                                                                    spec.default, help=spec.help, key=widget_key))
                    else:
                        values[spec.name] = float(column.number_input(spec.name, float(spec.low), float(spec.high),
                                                                      float(spec.default), help=spec.help,
                                                                      format="%g", key=widget_key))
                params[name] = tuple(sorted(values.items()))
        if not st.form_submit_button("Embed and assess", type="primary", key=f"{KEY}.run"):
            return None
    if not methods:
        st.error("Choose at least one method.")
        return None
    return {"methods": methods, "dim": int(dim), "seed": int(seed), "similarity": similarity,
            "max_nodes": int(max_nodes), "with_links": with_links, "params": params}


def show_results(graph, results: dict) -> None:
    table = pd.DataFrame([{"method": METHODS[name].title, "seconds": emb.seconds, "peak MB": emb.peak_bytes / 2**20,
                           **metrics} for name, (emb, _, metrics) in results.items()]).set_index("method")
    st.dataframe(table.style.format("{:.4g}"), width="stretch")
    first = next(iter(results.values()))[1].reconstruction
    st.caption(f"mAP over {first.n_sampled:,} of {first.n_nodes:,} nodes"
               + (" (a seeded sample)." if first.sampled else " (every node)."))
    maps = {METHODS[name].title: assessment.reconstruction.map for name, (_, assessment, _) in results.items()}
    left, right = st.columns(2)
    left.plotly_chart(figures.map_bars_figure(maps), width="stretch")
    right.plotly_chart(figures.map_line_figure(maps), width="stretch")
    scores = {METHODS[n].title: a.classification for n, (_, a, _) in results.items() if a.classification is not None}
    left, right = st.columns(2)
    if scores:
        left.plotly_chart(figures.f1_figure(scores), width="stretch")
    else:
        left.info("This graph has no node attribute 'label', so there is no classification view.")
    right.plotly_chart(figures.cost_figure({METHODS[n].title: emb for n, (emb, _, _) in results.items()}),
                       width="stretch")


def show_projections(graph, request: dict, results: dict) -> None:
    kind = st.radio("2-D projection", ["pca", "tsne"], horizontal=True, key=f"{KEY}.projection",
                    format_func={"pca": "PCA", "tsne": "t-SNE (slower)"}.get)
    if graph.labels is not None:
        colour, colour_label = graph.labels, "label"
    else:
        colour, colour_label = cached_communities(graph.fingerprint(), graph), "Louvain community"
    columns = st.columns(min(3, len(results)))
    for i, (name, (emb, _, _)) in enumerate(results.items()):
        coordinates = cached_projection(graph.fingerprint(), name, request["dim"], request["seed"],
                                        request["params"].get(name, ()), kind, emb)
        columns[i % len(columns)].plotly_chart(figures.projection_figure(
            coordinates, color=colour, color_label=colour_label, node_ids=graph.node_ids,
            title=f"{METHODS[name].title} ({kind.upper()})"), width="stretch")


def show_node_view(graph, request: dict, results: dict) -> None:
    st.subheader("One node: true neighbours vs nearest in each embedding")
    cols = st.columns(2)
    node_id = cols[0].selectbox("Node", graph.node_ids[:5000], key=f"{KEY}.node")
    hops = cols[1].slider("Hops", 1, 3, 1, key=f"{KEY}.hops")
    node = graph.index_of(node_id)
    comparisons = {METHODS[n].title: compare_neighbourhood(graph, emb, node, hops=hops,
                                                           similarity=request["similarity"])
                   for n, (emb, _, _) in results.items()}
    st.plotly_chart(figures.neighbourhood_figure(graph, comparisons), width="stretch")


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
                results[name] = cached_run(graph.fingerprint(), name, request["dim"], request["seed"],
                                           request["params"].get(name, ()), request["similarity"],
                                           request["max_nodes"], request["with_links"], graph)
        if results:
            with guard("Drawing the results"):
                show_results(graph, results)
                show_projections(graph, request, results)
                show_node_view(graph, request, results)
