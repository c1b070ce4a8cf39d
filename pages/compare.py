"""Compare page: recorded runs side by side (parameters, metrics) and one bar chart per metric."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.figures.compare import metric_bars_figure, numeric_metric_columns, run_labels
from engine.runs import RunRegistry, runs_frame
from pages._shared import guard, page_title


def _cell(value) -> str:
    """A table cell as text: numbers to 4 significant digits, missing values blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


page_title("Compare runs")
registry = RunRegistry()
all_runs = registry.list(limit=2000)
if not all_runs:
    st.info("No runs recorded yet: every method run on the other pages (and the CLI) is recorded here.")
    st.stop()

capabilities = sorted({run.capability for run in all_runs})
capability = st.selectbox("Capability", ["all", *capabilities], key="compare.capability")
runs = [run for run in all_runs if capability == "all" or run.capability == capability]
by_label = {run.label: run for run in runs}
chosen = st.multiselect("Runs", list(by_label), default=list(by_label)[:5], key="compare.runs",
                        help="Newest first. Each run is #id method on dataset.")
if not chosen:
    st.info("Choose at least one run.")
    st.stop()

frame = runs_frame([by_label[label] for label in chosen])
table = frame.drop(columns=["id", "capability", "method", "dataset"]).T
table.columns = run_labels(frame)
st.dataframe(table.map(_cell), width="stretch", key="compare.table")

metrics = numeric_metric_columns(frame)
picked = st.multiselect("Metrics to chart", metrics, default=[m for m in metrics if m != "peak_mb"][:6],
                        key="compare.metrics")
if picked:
    with guard("Charting the runs"):
        st.plotly_chart(metric_bars_figure(frame, picked), width="stretch", key="compare.chart")

with st.expander("Delete a run"):
    doomed = st.selectbox("Run", chosen, key="compare.delete_choice")
    if st.button("Delete run", key="compare.delete", type="secondary"):
        registry.delete(by_label[doomed].id)
        st.toast(f"Deleted {doomed}.")
        st.rerun()
