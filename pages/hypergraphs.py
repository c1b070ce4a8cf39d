"""Hypergraphs: what the projection loses, and how well it can be undone (SHyRe vs baselines)."""

from __future__ import annotations

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import pandas as pd
import streamlit as st

from engine.figures import hypergraph as figures
from engine.hypergraph import (
    Hypergraph,
    LossPatterns,
    ReconstructionResult,
    hypergraph_pair_info,
    list_hypergraph_pairs,
    load_hypergraph_pair,
    loss_patterns,
    read_hypergraph,
)
from engine.methods import HypergraphPair, methods_for
from pages._shared import (
    DATASET_TTL, DEFAULT_SEED, MAX_UPLOAD_MB, RESULT_TTL, UPLOAD_TTL, guard, page_title, param_widgets, read_upload,
    run_method, seed_input,
)
from pages._teaching import (
    Shared, chart, check_seed, export_format_choice, glossary, link_box, paper_box, predicted_time, restore, share,
    show_me,
)

KEY = "hypergraphs"


@st.cache_resource(show_spinner=False, max_entries=8, ttl=DATASET_TTL)  # 5 shipped pairs
def cached_pair(name: str) -> tuple[Hypergraph, Hypergraph]:
    return load_hypergraph_pair(name)


def pair_names() -> list[str]:
    return [info.name for info in list_hypergraph_pairs()]


#: Query parameters of a link to this page: the pair, the methods and their parameters (``method.param``),
#: the seed and the method whose hyperedges are drawn.
LINK = ("dataset", "methods", "seed", "shown",
        *(f"{method.name}.{param.name}" for method in methods_for("hypergraph") for param in method.params))


#: Extensions offered by the hypergraph uploaders (gzip of any of them too).
HYPERGRAPH_FILE_TYPES = ["txt", "csv", "tsv", "hyperedges", "edges", "dat", "gz"]


@st.cache_data(show_spinner="Reading the file…", max_entries=8, ttl=UPLOAD_TTL)
def parse_upload(data: bytes, filename: str) -> Hypergraph:
    return read_hypergraph(data, name=filename)


@st.cache_data(show_spinner="Finding the loss patterns…", max_entries=16, ttl=RESULT_TTL)
def cached_patterns(fingerprint: str, _hypergraph: Hypergraph) -> LossPatterns:
    return loss_patterns(_hypergraph)


@st.cache_data(show_spinner="Drawing…", max_entries=32, ttl=RESULT_TTL)
def cached_drawings(fingerprint: str, _hypergraph: Hypergraph, _patterns: LossPatterns | None) -> dict:
    """The four drawings of a hypergraph (layouts take a moment, so they are drawn once per hypergraph)."""
    drawings = {"hulls": figures.hull_figure(_hypergraph, seed=DEFAULT_SEED),
                "bipartite": figures.bipartite_figure(_hypergraph, seed=DEFAULT_SEED)}
    if _patterns is not None:
        drawings["projection"] = figures.projection_figure(_hypergraph, _patterns, seed=DEFAULT_SEED)
        drawings["patterns"] = figures.loss_pattern_figure(_patterns, _hypergraph)
    return drawings


def pick_pair() -> tuple[Hypergraph, Hypergraph, int] | None:
    """A shipped train/test pair or two uploads; returns (train, test, default budget)."""
    if "dataset" in restore(KEY, [Shared("dataset", f"{KEY}.dataset", choices=pair_names)], known=LINK):
        st.session_state[f"{KEY}.source"] = "Shipped pair"
    source = st.radio("Data", ["Shipped pair", "Upload train and test"], key=f"{KEY}.source", horizontal=True)
    if source == "Shipped pair":
        names = pair_names()
        name = st.selectbox(
            "Dataset (train and test halves of one domain)", names, index=names.index("enron"), key=f"{KEY}.dataset",
            format_func=lambda n: f"{hypergraph_pair_info(n).title} ({n})",
        )
        info = hypergraph_pair_info(name)
        st.caption(f"{info.description} Source: {info.source}.")
        train, test = cached_pair(name)
        return train, test, info.budget
    st.caption("One hyperedge per line (node ids separated by spaces) or a two-column node,hyperedge CSV; gzip accepted.")
    left, right = st.columns(2)
    help_text = f"Accepted: {', '.join('.' + t for t in HYPERGRAPH_FILE_TYPES)}; at most {MAX_UPLOAD_MB} MB."
    uploads = {
        "train": left.file_uploader("Training hypergraph", key=f"{KEY}.train_upload", help=help_text),
        "test": right.file_uploader("Test hypergraph (reconstructed from its projection)", key=f"{KEY}.test_upload",
                                    help=help_text),
    }
    # each half keeps its last good file: a bad upload never wipes the pair
    parsed = [read_upload(upload, parse_upload, types=HYPERGRAPH_FILE_TYPES, keep=f"{KEY}.last_{half}")
              for half, upload in uploads.items()]
    parsed = [hypergraph for hypergraph in parsed if hypergraph is not None]
    if len(parsed) < 2:
        st.info("Upload both a training and a test hypergraph.")
        return None
    return parsed[0], parsed[1], 1000


page_title("Hypergraphs: projection and reconstruction")
st.caption(
    "Projecting a hypergraph onto a graph loses nested hyperedges and invents cliques that no hyperedge holds "
    "(Wang & Kleinberg, ICLR 2024). SHyRe learns from a training hypergraph of the same domain which cliques "
    "and sub-cliques are real hyperedges."
)
export_format_choice()


def run_demo(preset) -> None:
    train, test = cached_pair(preset.dataset)
    runs = {r.method: run_method(r.method, HypergraphPair(train, test), dict(r.params), r.seed) for r in preset.runs}
    table = pd.DataFrame([{"method": m, **run.metrics, "seconds": run.seconds} for m, run in runs.items()])
    chart(figures.metrics_figure(table), "hypergraph.metrics_figure", key=f"{KEY}.demo.metrics")
    chart(figures.per_size_recall_figure({m: run.result.per_size for m, run in runs.items()}),
          "hypergraph.per_size_recall_figure", key=f"{KEY}.demo.per_size")
    glossary(["jaccard", "precision", "recall", "f1"])


show_me(KEY, run_demo)
picked = pick_pair()
if picked is None:
    st.stop()
train, test, default_budget = picked
patterns = None
with guard("Finding the loss patterns"):
    patterns = cached_patterns(test.fingerprint(), test)
if patterns is not None:
    cols = st.columns(5)
    cols[0].metric("Test nodes", f"{test.n_nodes:,}")
    cols[1].metric("Test hyperedges", f"{test.n_hyperedges:,}")
    cols[2].metric("Nested hyperedges", f"{patterns.n_nested:,}")
    cols[3].metric("Uncovered cliques", f"{patterns.n_uncovered_cliques:,}")
    cols[4].metric("Exactly recoverable", "yes" if patterns.exactly_recoverable else "no")

tab_hypergraph, tab_projection, tab_reconstruct = st.tabs(["Hypergraph", "Projection and loss patterns", "Reconstruction"])
drawings: dict = {}
with guard("Drawing the hypergraph"):
    drawings = cached_drawings(test.fingerprint(), test, patterns)
with tab_hypergraph:
    for name in ("hulls", "bipartite"):
        if name in drawings:
            st.plotly_chart(drawings[name], width="stretch", key=f"{KEY}.{name}")
with tab_projection:
    for name in ("projection", "patterns"):
        if name in drawings:
            st.plotly_chart(drawings[name], width="stretch", key=f"{KEY}.{name}")

with tab_reconstruct:
    titles = {method.name: method.title for method in methods_for("hypergraph")}
    from_link = "methods" in restore(KEY, [
        Shared("methods", f"{KEY}.methods", many=True, choices=list(titles)),
        Shared("seed", f"{KEY}.seed", int, check=check_seed),
        *(Shared(f"{method.name}.{param.name}", f"{KEY}.{method.name}.{param.name}", param.kind,
                 choices=param.choices or None, check=param.validate)
          for method in methods_for("hypergraph") for param in method.params)])
    with st.form(f"{KEY}.form"):
        methods = st.multiselect(
            "Methods", list(titles), default=["shyre", "maxclique", "cliquecover"],
            format_func=titles.get, key=f"{KEY}.methods",
            help="k-clique percolation (CFinder) tunes k on the training half and is slow on dense graphs.",
        )
        # Every method's parameters are drawn (a form sends the method choice only when submitted).
        values = {}
        for method in methods_for("hypergraph"):
            if method.params:
                st.caption(f"{method.title} parameters")
                values[method.name] = param_widgets(KEY, method, initial={"budget": default_budget})
        seed = seed_input(KEY)
        if st.form_submit_button("Reconstruct", type="primary") or (from_link and methods):
            params = {name: values.get(name, {}) for name in methods}  # a link reconstructs without the button
            st.session_state[f"{KEY}.request"] = (train.fingerprint(), test.fingerprint(), params, seed)
    predicted_time(HypergraphPair(train, test), {name: values.get(name, {}) for name in methods})
    for method in methods_for("hypergraph"):
        paper_box(method.name)
    request = st.session_state.get(f"{KEY}.request")
    results: dict[str, ReconstructionResult] = {}
    seconds: dict[str, float] = {}
    if request and request[:2] == (train.fingerprint(), test.fingerprint()):
        for method, method_params in request[2].items():
            with guard(titles[method]):
                run = run_method(method, HypergraphPair(train, test), method_params, request[3])
                results[method], seconds[method] = run.result, run.seconds
    if results:
        table = pd.DataFrame([{"method": m, **r.metrics(), "seconds": seconds[m]} for m, r in results.items()])
        st.dataframe(table.style.format({c: "{:.1%}" for c in ("jaccard", "precision", "recall", "f1")} | {"seconds": "{:.2f}"}), key=f"{KEY}.table")
        st.plotly_chart(figures.metrics_figure(table), width="stretch", key=f"{KEY}.metrics")
        st.plotly_chart(
            figures.per_size_recall_figure({m: r.per_size for m, r in results.items()}), width="stretch", key=f"{KEY}.per_size"
        )
        restore(KEY, [Shared("shown", f"{KEY}.shown", choices=list(results))])
        shown = st.selectbox("Show the hyperedges of", list(results), format_func=titles.get, key=f"{KEY}.shown")
        st.plotly_chart(figures.outcome_figure(results[shown].predicted, test, seed=DEFAULT_SEED), width="stretch", key=f"{KEY}.outcome")
        st.plotly_chart(figures.outcome_size_figure(results[shown].predicted, test), width="stretch", key=f"{KEY}.outcome_sizes")
    else:
        st.info("Choose methods and press Reconstruct. Runs are recorded and can be compared on the Compare runs page.")
    ran = request[2] if request and request[:2] == (train.fingerprint(), test.fingerprint()) else {}
    share({"dataset": st.session_state.get(f"{KEY}.dataset") if st.session_state.get(f"{KEY}.source") == "Shipped pair"
           else None, "methods": list(ran), "seed": request[3] if ran else None,
           **{f"{method.name}.{param.name}": ran.get(method.name, {}).get(param.name)
              for method in methods_for("hypergraph") for param in method.params},
           "shown": st.session_state.get(f"{KEY}.shown") if results else None})
link_box(KEY)
