"""Summarize: SSumM (lossy, under a bit budget) and SLUGGER (lossless, hierarchical)."""

from __future__ import annotations

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import numpy as np
import pandas as pd
import streamlit as st

from engine.demos import demo
from engine.figures import summary as figures
from engine.figures.compare import run_label
from engine.methods import GraphInput, get_method, methods_for
from engine.runs import runs_frame
from engine.summarization import SluggerSummary, SSumMSummary
from pages._shared import (
    DEFAULT_SEED, cached_dataset, graph_picker, guard, page_title, param_widgets, plain, run_method, seed_input, visible_runs,
)
from pages._teaching import (
    Shared, chart, check_seed, dataset_field, export_format_choice, glossary, link_box, paper_box, picked_dataset,
    predicted_time, restore, restore_dataset, share,
)

KEY = "summarize"
SWEEP_RATIOS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
#: Session-state key of the last submitted (method, params, seed): results show for it, not for the widgets.
SUBMITTED = f"{KEY}.submitted"
DEMO = f"{KEY}.demo"


def sweep_rows(graph, error: str, n_iterations: int, seed: int) -> list[dict]:
    """SSumM at every ratio of :data:`SWEEP_RATIOS`: one recorded (and cached) run each."""
    rows = []
    for ratio in SWEEP_RATIOS:
        run = run_method("ssumm", GraphInput(graph), {"ratio": ratio, "error": error, "n_iterations": n_iterations},
                         seed)
        rows.append({"ratio": ratio, **run.metrics})
    return rows


def show_ssumm(graph, summary: SSumMSummary, n_iterations: int, seed: int) -> None:
    cols = st.columns(5)
    cols[0].metric("Size (bits)", f"{summary.size_bits:,.0f}")
    cols[1].metric("Supernodes", f"{summary.n_supernodes:,}")
    cols[2].metric("Superedges", f"{summary.n_superedges:,}")
    cols[3].metric("RE1", f"{summary.re1:.3g}")
    cols[4].metric("RE2", f"{summary.re2:.3g}")
    st.caption(f"Size {summary.relative_size:.1%} of the input's {summary.input_bits:,.0f} bits "
               f"(budget {summary.target_bits / summary.input_bits:.0%}); RE1 is {summary.re1 / summary.re1_empty:.0%} "
               f"and RE2 {summary.re2 / summary.re2_empty:.0%} of the empty summary's.")
    glossary(["size_bits", "n_supernodes", "n_superedges", "re1", "re2", "relative_size"])
    sizes = summary.supernode_sizes()
    by_size = [int(s) for s in np.argsort(-sizes, kind="stable")[:200]]
    expand = st.selectbox("Expand a supernode into its members", [None] + by_size, key=f"{KEY}.expand",
                          format_func=lambda s: "none" if s is None else f"supernode {s} ({sizes[s]} members)")
    chart(figures.summary_graph_figure(summary, graph, expand=expand, seed=seed), "summary.summary_graph_figure")
    chart(figures.adjacency_figure(graph, summary), "summary.adjacency_figure")
    if st.toggle("Size–error curve (SSumM at ratios 0.05–0.9, and SLUGGER)", key=f"{KEY}.sweep"):
        rows = sweep_rows(graph, summary.error, n_iterations, seed)
        lossless_summary = run_method("slugger", GraphInput(graph), {"n_iterations": n_iterations}, seed).result
        chart(figures.size_error_figure(
            rows, error=summary.error, slugger_size=lossless_summary.relative_size,
            empty_error=summary.re1_empty if summary.error == "re1" else summary.re2_empty),
            "summary.size_error_figure")


def show_slugger(summary: SluggerSummary) -> None:
    cols = st.columns(6)
    cols[0].metric("Relative size", f"{summary.relative_size:.3f}")
    cols[1].metric("|P+|", f"{summary.n_pos:,}")
    cols[2].metric("|P−|", f"{summary.n_neg:,}")
    cols[3].metric("|H|", f"{summary.n_hier:,}")
    cols[4].metric("Leaf depth", f"{summary.avg_leaf_depth:.2f}")
    cols[5].metric("Lossless", "yes" if summary.lossless else "NO")
    st.caption(f"Relative size = (|P+| + |P−| + |H|) / |E| = {summary.cost:,} / {summary.n_edges:,}; "
               f"deepest leaf at depth {summary.max_leaf_depth}; lossless = decoded and compared with the input.")
    glossary(["relative_size", "n_pos", "n_neg", "n_hier", "avg_leaf_depth", "lossless"])
    chart(figures.edge_counts_figure(summary), "summary.edge_counts_figure")
    kind = st.radio("Hierarchy view", ["tree", "icicle"], key=f"{KEY}.hierarchy", horizontal=True)
    chart(figures.hierarchy_figure(summary, kind=kind), "summary.hierarchy_figure")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def compare_runs() -> None:
    runs = visible_runs(capability="summarization", status="ok")
    if runs is None or len(runs) < 2:
        st.caption("Two recorded runs are needed for a side-by-side view.")
        return
    labels = {run.id: run_label(run.method, run.params, run.seed, run.dataset, run.id) for run in runs}
    ids = list(labels)
    left, right = st.columns(2)
    first = left.selectbox("Run A", ids, index=1, format_func=labels.get, key=f"{KEY}.run_a")
    second = right.selectbox("Run B", ids, index=0, format_func=labels.get, key=f"{KEY}.run_b")
    by_id = {run.id: run for run in runs}
    chosen = [by_id[first], by_id[second]] if first != second else [by_id[first]]
    table = runs_frame(chosen).set_index("id").T
    table.columns = [f"A: {labels[first]}", f"B: {labels[second]}"][:len(chosen)]
    st.dataframe(table.map(_cell), width="stretch")
    histories = [(labels[run.id], run.method, run.params.get("error"), (run.details or {}).get("history", []))
                 for run in chosen]
    if any(history for *_, history in histories):
        chart(figures.history_figure(histories), "summary.history_figure")


def run_demo() -> None:
    preset = demo(KEY)
    st.subheader(preset.title)
    st.info(preset.narrative)
    graph = cached_dataset(preset.dataset)
    runs = [run_method(r.method, GraphInput(graph), dict(r.params), r.seed) for r in preset.runs]
    rows = [{"ratio": run.params["ratio"], **run.metrics} for run in runs]
    middle = runs[len(runs) // 2].result
    chart(figures.size_error_figure(rows, error="re1", empty_error=middle.re1_empty), "summary.size_error_figure",
          key=f"{KEY}.demo.curve")
    biggest = int(np.argmax(middle.supernode_sizes()))
    chart(figures.summary_graph_figure(middle, graph, expand=biggest, seed=DEFAULT_SEED), "summary.summary_graph_figure",
          key=f"{KEY}.demo.graph")


page_title("Summarize")
export_format_choice()
st.caption("SSumM (Lee et al., KDD 2020) keeps a graph within a bit budget at the least error; "
           "SLUGGER (Lee et al., ICDE 2022) encodes it exactly with a hierarchy of supernodes and ± edges.")
if st.button("Show me: SSumM at three budgets on ego-Facebook", key=f"{KEY}.show_me"):
    st.session_state[DEMO] = True
if st.session_state.get(DEMO):
    with guard("The demo"):
        run_demo()
    if st.button("Close the demo", key=f"{KEY}.close_demo"):
        st.session_state[DEMO] = False
        st.rerun()
    st.divider()

methods = {method.name: method for method in methods_for("summarization")}
restored = restore(KEY, [dataset_field(KEY), Shared("method", f"{KEY}.method", choices=list(methods)),
                        Shared("seed", f"{KEY}.seed", int, check=check_seed)],
                   known=[param.name for method in methods.values() for param in method.params])
restore_dataset(KEY, restored)
url_method = st.session_state.get(f"{KEY}.method", next(iter(methods)))
restored |= restore(KEY, [Shared(param.name, f"{KEY}.{url_method}.{param.name}", param.kind, choices=param.choices or None,
                                 check=param.validate) for param in methods[url_method].params])
if "method" in restored:  # a shared link shows its run without pressing Summarize
    st.session_state[f"{KEY}.ran"] = True

graph = graph_picker(KEY, default="karate_club")
if graph is not None:
    method = st.radio("Method", list(methods), key=f"{KEY}.method", horizontal=True,
                      format_func=lambda name: methods[name].title)
    with st.form(f"{KEY}.form", border=False):
        params = param_widgets(KEY, method)
        seed = seed_input(KEY)
        submitted = st.form_submit_button("Summarize", key=f"{KEY}.run", type="primary")
    st.caption(f"{plain(graph.name)}: {graph.n_nodes:,} nodes, {graph.n_edges:,} edges. "
               f"{get_method(method).title}: {get_method(method).summary}. Changing a setting does nothing until "
               "you press Summarize.")
    predicted_time(GraphInput(graph), {method: params})
    paper_box(method)
    if submitted or (st.session_state.get(f"{KEY}.ran") and SUBMITTED not in st.session_state):
        st.session_state[f"{KEY}.ran"] = True
        st.session_state[SUBMITTED] = (method, params, seed)
    if st.session_state.get(f"{KEY}.ran") and SUBMITTED in st.session_state:
        ran_method, ran_params, ran_seed = st.session_state[SUBMITTED]
        with guard("Summarizing"):
            run = run_method(ran_method, GraphInput(graph), ran_params, ran_seed)
            others = {param.name: None for spec in methods.values() for param in spec.params}  # not this method's
            share({"dataset": picked_dataset(KEY), "method": ran_method, "seed": ran_seed, **others, **ran_params})
            link_box(KEY)
            if ran_method == "ssumm":
                show_ssumm(graph, run.result, ran_params["n_iterations"], ran_seed)
            else:
                show_slugger(run.result)
    with st.expander("Compare two recorded runs side by side"):
        with guard("Comparing runs"):
            compare_runs()
