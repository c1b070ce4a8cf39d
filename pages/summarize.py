"""Summarize: SSumM (lossy, under a bit budget) and SLUGGER (lossless, hierarchical)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.figures import summary as figures
from engine.methods import GraphInput, get_method, methods_for
from engine.runs import RunRegistry, runs_frame
from engine.summarization import SluggerSummary, SSumMSummary
from pages._shared import graph_picker, guard, page_title, param_widgets, run_method, seed_input

KEY = "summarize"
SWEEP_RATIOS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)


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
    sizes = summary.supernode_sizes()
    by_size = [int(s) for s in np.argsort(-sizes, kind="stable")[:200]]
    expand = st.selectbox("Expand a supernode into its members", [None] + by_size, key=f"{KEY}.expand",
                          format_func=lambda s: "none" if s is None else f"supernode {s} ({sizes[s]} members)")
    st.plotly_chart(figures.summary_graph_figure(summary, graph, expand=expand), width="stretch")
    st.plotly_chart(figures.adjacency_figure(graph, summary), width="stretch")
    if st.toggle("Size–error curve (SSumM at ratios 0.05–0.9, and SLUGGER)", key=f"{KEY}.sweep"):
        rows = sweep_rows(graph, summary.error, n_iterations, seed)
        lossless_summary = run_method("slugger", GraphInput(graph), {"n_iterations": n_iterations}, seed).result
        st.plotly_chart(figures.size_error_figure(
            rows, error=summary.error, slugger_size=lossless_summary.relative_size,
            empty_error=summary.re1_empty if summary.error == "re1" else summary.re2_empty), width="stretch")


def show_slugger(summary: SluggerSummary) -> None:
    cols = st.columns(5)
    cols[0].metric("Relative size", f"{summary.relative_size:.3f}")
    cols[1].metric("|P+| / |P−|", f"{summary.n_pos:,} / {summary.n_neg:,}")
    cols[2].metric("|H|", f"{summary.n_hier:,}")
    cols[3].metric("Leaf depth", f"{summary.avg_leaf_depth:.2f}")
    cols[4].metric("Lossless", "yes" if summary.lossless else "NO")
    st.caption(f"Relative size = (|P+| + |P−| + |H|) / |E| = {summary.cost:,} / {summary.n_edges:,}; "
               f"deepest leaf at depth {summary.max_leaf_depth}; lossless = decoded and compared with the input.")
    st.plotly_chart(figures.edge_counts_figure(summary), width="stretch")
    kind = st.radio("Hierarchy view", ["tree", "icicle"], key=f"{KEY}.hierarchy", horizontal=True)
    st.plotly_chart(figures.hierarchy_figure(summary, kind=kind), width="stretch")


def compare_runs() -> None:
    runs = RunRegistry().list(capability="summarization")
    if len(runs) < 2:
        st.caption("Two recorded runs are needed for a side-by-side view.")
        return
    labels = {run.id: f"#{run.id} {run.method} on {run.dataset} {run.params}" for run in runs}
    left, right = st.columns(2)
    first = left.selectbox("Run A", list(labels), index=1, format_func=labels.get, key=f"{KEY}.run_a")
    second = right.selectbox("Run B", list(labels), index=0, format_func=labels.get, key=f"{KEY}.run_b")
    chosen = [run for run in runs if run.id in (first, second)]
    st.dataframe(runs_frame(chosen).set_index("id").T.astype(str), width="stretch")
    fig = go.Figure()
    for run in chosen:
        history = np.array((run.details or {}).get("history", []), dtype=float)
        if len(history):
            column = 1 if run.method == "slugger" else (2 if run.params.get("error") == "re1" else 3)
            fig.add_trace(go.Scatter(x=history[:, 0], y=history[:, column], mode="lines+markers", name=labels[run.id]))
    fig.update_layout(title="Per-iteration history (SSumM: error; SLUGGER: cost)", xaxis_title="iteration")
    st.plotly_chart(fig, width="stretch")


page_title("Summarize")
st.caption("SSumM (Lee et al., KDD 2020) keeps a graph within a bit budget at the least error; "
           "SLUGGER (Lee et al., ICDE 2022) encodes it exactly with a hierarchy of supernodes and ± edges.")
graph = graph_picker(KEY, default="karate_club")
if graph is not None:
    methods = {method.name: method for method in methods_for("summarization")}
    method = st.radio("Method", list(methods), key=f"{KEY}.method", horizontal=True,
                      format_func=lambda name: methods[name].title)
    params = param_widgets(KEY, method)
    seed = seed_input(KEY)
    st.caption(f"{graph.name}: {graph.n_nodes:,} nodes, {graph.n_edges:,} edges. "
               f"{get_method(method).title}: {get_method(method).summary}.")
    if st.button("Summarize", key=f"{KEY}.run", type="primary"):
        st.session_state[f"{KEY}.ran"] = True
    if st.session_state.get(f"{KEY}.ran"):
        with guard("Summarizing"):
            run = run_method(method, GraphInput(graph), params, seed)
            if method == "ssumm":
                show_ssumm(graph, run.result, params["n_iterations"], seed)
            else:
                show_slugger(run.result)
    with st.expander("Compare two recorded runs side by side"):
        with guard("Comparing runs"):
            compare_runs()
