"""Embeddings: FastRP, HOPE, Laplacian eigenmaps, DeepWalk, node2vec and SDNE, assessed side by side."""

from __future__ import annotations

import pages._preload_torch  # noqa: F401 - first: one thread imports pandas, plotly, torch and the engine
import pandas as pd
import streamlit as st

from engine.embedding.assess import compare_neighbourhood, project_2d
from engine.figures import embedding as figures
from engine.glossary import has_term, lookup
from engine.methods import GraphInput, methods_for
from engine.metrics import louvain_communities
from pages._shared import (
    DEFAULT_SEED, RESULT_TTL, cached_dataset, graph_picker, guard, page_title, param_widget, param_widgets, plain,
    progress_callback, run_method, seed_input,
)
from pages._teaching import (
    Shared, chart, check_seed, dataset_field, export_format_choice, glossary, link_box, paper_box,
    picked_dataset, predicted_time, restore, restore_dataset, share, show_me,
)

KEY = "embeddings"
REQUEST = f"{KEY}.request"
METHODS = {method.name: method for method in methods_for("embedding")}
#: Parameters every embedding method takes: drawn once (keys ``embeddings.dim`` ...), not per method.
COMMON = ("dim", "similarity", "max_nodes", "link_prediction", "standardize")
#: Methods selected when the page opens.
DEFAULT_METHODS = ["fastrp", "hope", "laplacian"]
#: Metrics of the first table (quality) and of the second (graph-reconstruction detail and cost), in order.
QUALITY = ("map@1", "map@2", "map@3", "micro_f1", "macro_f1", "link_auc")
COST = ("seconds", "peak_mb")  # the number of nodes mAP was computed on is in the caption


@st.cache_data(show_spinner=False, max_entries=32, ttl=RESULT_TTL)
def cached_projection(fingerprint: str, method: str, seed: int, params: tuple, kind: str, _embedding):
    bar = st.progress(0.0, text=f"{kind.upper()} projection of {method}…")  # made here: replayed on a cache hit
    coordinates = project_2d(_embedding, method=kind, seed=seed, on_progress=progress_callback(bar))
    bar.empty()
    return coordinates


@st.cache_data(show_spinner="Finding communities…", max_entries=8, ttl=RESULT_TTL)
def cached_communities(fingerprint: str, _graph):
    return louvain_communities(_graph, seed=DEFAULT_SEED)


def link_fields() -> list[Shared]:
    """Every setting of the page that a link carries: dataset, methods, common and per-method parameters, seed."""
    fields = [dataset_field(KEY), Shared("methods", f"{KEY}.methods", choices=list(METHODS), many=True),
              Shared("seed", f"{KEY}.seed", int, check=check_seed)]
    first = next(iter(METHODS.values()))
    fields += [Shared(name, f"{KEY}.{name}", first.param(name).kind, choices=first.param(name).choices or None,
                      check=first.param(name).validate) for name in COMMON]
    fields += [Shared(f"{method.name}.{param.name}", f"{KEY}.{method.name}.{param.name}", param.kind,
                      choices=param.choices or None, check=param.validate)
               for method in METHODS.values() for param in method.params if param.name not in COMMON]
    return fields


def method_form(graph) -> tuple[dict, bool]:
    """The form; returns the request its widgets hold and whether it was just submitted."""
    with st.form(f"{KEY}.form"):
        methods = st.multiselect("Methods", list(METHODS), default=DEFAULT_METHODS,
                                 format_func=lambda m: METHODS[m].title, key=f"{KEY}.methods")
        first = next(iter(METHODS.values()))
        # toggles get wider columns, so that their labels are not cut
        cols = st.columns([1.6 if first.param(name).kind is bool else 1.0 for name in COMMON] + [1.0])
        common = {name: param_widget(first.param(name), f"{KEY}.{name}", container=column)
                  for name, column in zip(COMMON, cols)}
        seed = seed_input(KEY, container=cols[-1])
        values = {}
        for name, method in METHODS.items():  # all drawn: a form sends the method choice only when submitted
            if len(method.params) > len(COMMON):
                with st.expander(f"{method.title} parameters"):
                    values[name] = param_widgets(KEY, method, skip=COMMON)
        submitted = st.form_submit_button("Embed and assess", type="primary", key=f"{KEY}.run")
    params = {name: {**common, **values.get(name, {})} for name in methods}
    predicted_time(GraphInput(graph), params)
    return {"methods": methods, "seed": seed, "params": params}, submitted


#: Number formats of the table columns that are not scores between 0 and 1.
_FORMATS = {"seconds": "%.2f", "peak_mb": "%.1f"}


def _metric_column(key: str, extra: str = ""):
    """A table column named and explained (on hover) by the glossary."""
    number_format = _FORMATS.get(key, "%.3f")
    if not has_term(key):
        return st.column_config.NumberColumn(key, format=number_format, width=100)
    term = lookup(key)
    better = " Higher is better." if term.better == "higher" else " Lower is better." if term.better else ""
    label = f"{term.name} ({term.unit})" if term.unit and term.unit not in term.name else term.name
    return st.column_config.NumberColumn(label, help=term.definition + better + extra, format=number_format,
                                         width=max(100, 9 * len(label)))  # a header is never cut


def results_tables(results: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quality, detail) tables, one row per method: the metrics split so that each fits the page's width."""
    quality, detail = [], []
    for name, run in results.items():
        metrics = {**run.metrics, "seconds": run.seconds, "peak_mb": run.peak_bytes / 2**20}
        quality.append({"method": METHODS[name].title, **{k: metrics[k] for k in QUALITY if k in metrics}})
        precision = {k: v for k, v in metrics.items() if k.startswith("precision@")}
        detail.append({"method": METHODS[name].title, **precision, **{k: metrics[k] for k in COST if k in metrics}})
    return pd.DataFrame(quality).set_index("method"), pd.DataFrame(detail).set_index("method")


def show_tables(results: dict, key: str) -> None:
    quality, detail = results_tables(results)
    precision = next(iter(results.values())).result.assessment.precision
    k_note = (f" Here K = {precision.ks[-1]:,} is the number of edges among the {precision.n_nodes_used:,} nodes "
              "scored, so a perfect embedding scores 1 at that K.")
    st.dataframe(quality, width="stretch", key=f"{key}.quality",
                 column_config={k: _metric_column(k) for k in quality.columns})
    st.dataframe(detail, width="stretch", key=f"{key}.detail", column_config={
        k: _metric_column(k, k_note if k == f"precision@{precision.ks[-1]}" else "") for k in detail.columns})
    first = next(iter(results.values())).result.assessment.reconstruction
    st.caption(plain(
        f"Hover a column name for its definition. mAP over {first.n_sampled:,} of {first.n_nodes:,} nodes"
        + (" (a seeded sample). " if first.sampled else " (every node). ")
        + "precision@K: of the K node pairs the embedding finds most similar, the share that are edges; K = "
        + ", ".join(f"{k:,}" for k in precision.ks) + f", the last being the {precision.n_edges_used:,} edges "
        f"among the {precision.n_nodes_used:,} nodes scored."))
    glossary(list(quality.columns) + list(detail.columns))
    for name, run in results.items():
        tuned = run.result.details().get("tuned")
        if tuned:
            st.caption(f"{METHODS[name].title} tuned on this graph: weights α = {tuned['weights']}, β = {tuned['beta']}, "
                       f"per-power normalisation {'on' if tuned['normalize_powers'] else 'off'} "
                       f"({tuned['tuning']['criterion']} {tuned['tuning']['score']:.3f}, best of "
                       f"{tuned['tuning']['candidates']} candidates).")


def show_results(results: dict, key: str) -> None:
    """``results``: method name -> its :class:`~engine.runs.Run` (``run.result`` is an AssessedEmbedding)."""
    show_tables(results, key)
    maps = {METHODS[name].title: run.result.assessment.reconstruction.map for name, run in results.items()}
    left, right = st.columns(2)
    with left:
        chart(figures.map_bars_figure(maps), "embedding.map_bars_figure", key=f"{key}.map_bars")
    with right:
        chart(figures.map_line_figure(maps), "embedding.map_line_figure", key=f"{key}.map_line")
    scores = {METHODS[n].title: run.result.assessment.classification for n, run in results.items()
              if run.result.assessment.classification is not None}
    left, right = st.columns(2)
    with left:
        if scores:
            chart(figures.f1_figure(scores), "embedding.f1_figure", key=f"{key}.f1")
        else:
            st.info("This graph has no node attribute 'label', so there is no classification view.")
    with right:
        chart(figures.cost_figure({METHODS[n].title: run.result.embedding for n, run in results.items()}),
              "embedding.cost_figure", key=f"{key}.cost")


def show_projections(graph, request: dict, results: dict, key: str) -> None:
    kind = st.radio("2-D projection", ["pca", "tsne"], horizontal=True, key=f"{key}.projection",
                    format_func={"pca": "PCA", "tsne": "t-SNE (slower)"}.get)
    if graph.labels is not None:
        colour, colour_label = graph.labels, "label"
    else:
        colour, colour_label = cached_communities(graph.fingerprint(), graph), "Louvain community"
    columns = st.columns(min(3, len(results)))
    for i, (name, run) in enumerate(results.items()):
        coordinates = cached_projection(graph.fingerprint(), name, request["seed"],
                                        tuple(sorted(request["params"][name].items())), kind, run.result.embedding)
        with columns[i % len(columns)]:
            chart(figures.projection_figure(coordinates, color=colour, color_label=colour_label,
                                            node_ids=graph.node_ids, title=f"{METHODS[name].title} ({kind.upper()})",
                                            kind=kind), "embedding.projection_figure", key=f"{key}.projection.{name}")


def show_node_view(graph, request: dict, results: dict, key: str) -> None:
    st.subheader("One node: true neighbours vs nearest in each embedding")
    cols = st.columns(2)
    node_id = cols[0].selectbox("Node", graph.node_ids[:5000], key=f"{key}.node")
    hops = cols[1].slider("Hops", 1, 3, 1, key=f"{key}.hops")
    node = graph.index_of(node_id)
    comparisons = {METHODS[n].title: compare_neighbourhood(graph, run.result.embedding, node, hops=hops,
                                                           similarity=request["params"][n]["similarity"])
                   for n, run in results.items()}
    chart(figures.neighbourhood_figure(graph, comparisons, seed=request["seed"]), "embedding.neighbourhood_figure",
          key=f"{key}.node_view")


def run_demo(preset) -> None:
    graph = cached_dataset(preset.dataset)
    request = {"seed": preset.runs[0].seed, "params": {}}
    results = {}
    for demo_run in preset.runs:
        params = METHODS[demo_run.method].validate(dict(demo_run.params))
        request["params"][demo_run.method] = params
        results[demo_run.method] = run_method(demo_run.method, GraphInput(graph), params, demo_run.seed)
    show_results(results, f"{KEY}.demo")
    show_projections(graph, request, results, f"{KEY}.demo")


page_title("Embeddings")
export_format_choice()
st.caption("Node embeddings scored by how well they reconstruct each node's k-hop neighbourhood (RESTORE mAP at "
           "1–3 hops), graph-reconstruction precision@K and node classification; every run is in the registry.")
show_me(KEY, run_demo)
restored = restore(KEY, link_fields())
restore_dataset(KEY, restored)
graph = graph_picker(KEY, default="twitch_en")
if graph is not None:
    request, submitted = method_form(graph)
    if submitted or ("methods" in restored and REQUEST not in st.session_state):  # a link shows its runs at once
        if request["methods"]:
            st.session_state[REQUEST] = {**request, "fingerprint": graph.fingerprint()}
        else:
            st.error("Choose at least one method.")
    shown = st.session_state.get(REQUEST)
    if shown is not None and shown["fingerprint"] == graph.fingerprint():
        results = {}
        for name in shown["methods"]:
            with guard(METHODS[name].title):
                results[name] = run_method(name, GraphInput(graph), shown["params"][name], shown["seed"])
        if results:
            defaults = {f"{m}.{p.name}": None for m, spec in METHODS.items() for p in spec.params
                        if p.name not in COMMON}  # only the shown methods' parameters stay in the link
            first = shown["params"][shown["methods"][0]]
            share({"dataset": picked_dataset(KEY), "methods": shown["methods"], "seed": shown["seed"],
                   **{name: first[name] for name in COMMON}, **defaults,
                   **{f"{m}.{p}": v for m in shown["methods"] for p, v in shown["params"][m].items()
                      if p not in COMMON}})
            link_box(KEY)
            for name in shown["methods"]:
                paper_box(name)
            with guard("Drawing the results"):
                show_results(results, KEY)
                show_projections(graph, shown, results, KEY)
                show_node_view(graph, shown, results, KEY)
