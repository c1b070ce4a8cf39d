"""Compare page: recorded runs side by side (parameters, metrics) and one bar chart per metric.

A session sees its own runs; with ``GRAPHLENS_SHARED_RUNS=1`` also everyone else's, read-only.
If the registry cannot be read, the page says so once and shows no history.
"""

from __future__ import annotations

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import pandas as pd
import streamlit as st

from engine.figures.compare import metric_bars_figure, numeric_metric_columns, run_labels
from engine.runs import runs_frame, shared_runs_enabled
from pages._shared import delete_run, guard, page_title, plain, session_owner, visible_grids, visible_runs
from pages._teaching import Shared, chart, export_format_choice, glossary, link_box, restore, share

#: Session-state keys of the chosen runs and metrics, kept across capability changes.
CHOSEN_RUNS = "compare.chosen_ids"
CHOSEN_METRICS = "compare.chosen_metrics"
#: Session-state key of the grid whose runs were last offered.
SHOWN_GRID = "compare.shown_grid"


def _cell(value) -> str:
    """A table cell as text: numbers to 4 significant digits, missing values blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


page_title("Compare runs")
export_format_choice()
all_runs = visible_runs(limit=2000)
if all_runs is None:  # the registry cannot be read: visible_runs said so once
    st.stop()
if not all_runs:
    st.info("No runs recorded yet: every method you run on the other pages is recorded here.")
    st.stop()
if shared_runs_enabled():
    st.caption("Sharing is on: other users' runs are listed too, read-only.")

grids = [past["grid_id"] for past in visible_grids()]
if "grid" in restore("compare", [Shared("grid", "compare.grid", choices=grids)],
                     known=("capability", "runs", "metrics")):
    st.session_state[SHOWN_GRID] = st.session_state["compare.grid"]  # the link's runs, not all the grid's
grid = st.selectbox("Grid", ["none", *grids], key="compare.grid", disabled=not grids,
                    help="Offer and choose every run of one grid (see the Experiments page).")
if grid != "none":
    all_runs = visible_runs(grid_id=grid, limit=20_000) or []
    if st.session_state.get(SHOWN_GRID) != grid:  # a grid just picked: choose all its runs
        st.session_state[CHOSEN_RUNS] = [run.id for run in all_runs]
        st.session_state.pop("compare.runs", None)
st.session_state[SHOWN_GRID] = grid
by_id = {run.id: run for run in all_runs}
labels = dict(zip(by_id, run_labels(runs_frame(all_runs))))
capabilities = sorted({run.capability for run in all_runs})


def _visible(run_id: int) -> int:
    if run_id not in by_id:
        raise ValueError(f"run #{run_id} is not visible to this session: runs are private unless the operator "
                         "shares them (GRAPHLENS_SHARED_RUNS=1)")
    return run_id


if "runs" in restore("compare", [Shared("capability", "compare.capability", choices=["all", *capabilities]),
                                 Shared("runs", "compare.runs", int, many=True, check=_visible)]):
    st.session_state[CHOSEN_RUNS] = st.session_state["compare.runs"]
capability = st.selectbox("Capability", ["all", *capabilities], key="compare.capability",
                          help="Which runs are offered; runs already chosen stay chosen.")
offered = [run.id for run in all_runs if capability == "all" or run.capability == capability]
kept = [run_id for run_id in st.session_state.get(CHOSEN_RUNS, offered[:5]) if run_id in by_id]
options = list(dict.fromkeys(kept + offered))
chosen = st.multiselect("Runs", options, default=kept, key="compare.runs", format_func=labels.get,
                        help="Newest first: method, parameters that differ from the defaults, seed, dataset (#id).")
st.session_state[CHOSEN_RUNS] = chosen
if not chosen:
    st.info("Choose at least one run.")
    st.stop()

frame = runs_frame([by_id[run_id] for run_id in chosen])
table = frame.drop(columns=["id", "capability", "method", "dataset"]).T
table.columns = [labels[run_id] for run_id in chosen]
st.dataframe(table.map(_cell), width="stretch", key="compare.table")

metrics = numeric_metric_columns(frame)
if "metrics" in restore("compare", [Shared("metrics", "compare.metrics", many=True, choices=metrics)]):
    st.session_state[CHOSEN_METRICS] = st.session_state["compare.metrics"]
wanted = [m for m in st.session_state.get(CHOSEN_METRICS, []) if m in metrics]
if not wanted:
    wanted = [m for m in metrics if m != "peak_mb"][:6]
picked = st.multiselect("Metrics to chart", metrics, default=wanted, key="compare.metrics")
st.session_state[CHOSEN_METRICS] = list(dict.fromkeys(picked + [m for m in st.session_state.get(CHOSEN_METRICS, [])
                                                               if m not in metrics]))
share({"grid": None if grid == "none" else grid, "capability": capability, "runs": chosen, "metrics": picked})
link_box("compare")
if picked:
    with guard("Charting the runs"):
        chart(metric_bars_figure(frame, picked, labels=[labels[run_id] for run_id in chosen]),
              "compare.metric_bars_figure", key="compare.chart")
    glossary(picked)

own = [run_id for run_id in chosen if by_id[run_id].owner == session_owner()]  # others' runs are read-only
if own:
    with st.expander("Delete one of your runs"):
        doomed = st.selectbox("Run", own, key="compare.delete_choice", format_func=labels.get)
        if st.button("Delete run", key="compare.delete", type="secondary"):
            with guard("Deleting the run"):
                delete_run(by_id[doomed])
                st.session_state[CHOSEN_RUNS] = [run_id for run_id in chosen if run_id != doomed]
                st.toast(plain(f"Deleted run #{doomed}."))
                st.rerun()
