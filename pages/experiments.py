"""Experiments page: run a grid of methods × datasets × parameters × seeds on Dask and chart it."""

from __future__ import annotations

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import atexit

import numpy as np
import pandas as pd
import streamlit as st

from engine.datasets import list_datasets
from engine.experiments import (
    MAX_TASKS,
    list_grids,
    load_grid,
    local_cluster,
    parse_grid,
    run_grid,
    runs_table,
    setting_summary,
)
from engine.figures.compare import numeric_metric_columns
from engine.figures.experiments import grouped_bars_figure, parameter_curve_figure, pareto_figure
from engine.hypergraph.datasets import list_hypergraph_pairs
from engine.methods import CAPABILITIES, methods_for
from pages._shared import guard, page_title, plain, session_owner, visible_grids, visible_runs
from pages._teaching import Shared, link_box, restore, share

#: Session-state key of the grid whose results are shown.
SHOWN_GRID = "experiments.shown_grid"
SOURCES = ("Shipped grid", "Compose", "Upload TOML", "Reopen a past grid")
#: Query parameters of a link to this page.
LINK = ("source", "shipped", "grid", "capability", "methods", "datasets", "param", "low", "high", "steps", "seeds",
        "metric")
_DATASETS = {
    "graph": lambda: [info.name for info in list_datasets()],
    "hypergraph_pair": lambda: [info.name for info in list_hypergraph_pairs()],
    "scenegraph_split": lambda: ["synthetic", "demo"],
}
#: The quality metric offered first, by capability's usual measure (the first one a grid has).
_PREFERRED = ("re1", "jaccard", "micro_f1", "map@1", "recall@50", "mean_recall@50")
#: Metrics where lower is better (everything else: higher).
_LOWER_IS_BETTER = ("re1", "re2", "relative_size", "cost", "seconds", "peak_mb")


# One entry and no ttl, on purpose: expiring the cluster would close it under another session's running grid.
@st.cache_resource(show_spinner="Starting the local Dask cluster (one worker process per core)…", max_entries=1)
def dask_cluster() -> dict:
    """One LocalCluster per app process, closed when the process exits (a dict: cache_resource holds it as is)."""
    cluster = local_cluster()
    atexit.register(cluster.close)
    return {"cluster": cluster}


def _compose():
    """A grid from widgets: methods of one capability, datasets, one parameter range, seeds."""
    restore("experiments", [Shared("capability", "experiments.capability", choices=CAPABILITIES)])
    capability = st.selectbox("Capability", CAPABILITIES, key="experiments.capability")
    methods = methods_for(capability)
    kind = methods[0].input_kind
    numeric = [(m.name, p) for m in methods for p in m.params if p.kind in (int, float)]
    restore("experiments", [
        Shared("methods", "experiments.methods", many=True, choices=[m.name for m in methods]),
        Shared("datasets", "experiments.datasets", many=True, choices=_DATASETS[kind]()),
        Shared("param", "experiments.param", choices=["none"] + [f"{name}.{p.name}" for name, p in numeric]),
        Shared("low", "experiments.low", float), Shared("high", "experiments.high", float),
        Shared("steps", "experiments.steps", int, choices=range(1, 21)),
        Shared("seeds", "experiments.seeds", int, choices=range(1, 11))])
    chosen = st.multiselect("Methods", [m.name for m in methods], default=[methods[0].name],
                            key="experiments.methods")
    if not chosen:
        st.info("Choose at least one method.")
        return None
    datasets = st.multiselect("Datasets", _DATASETS[kind](), default=_DATASETS[kind]()[:1], key="experiments.datasets")
    spec: dict = {"name": "composed", "datasets": datasets, "methods": {name: {} for name in chosen}}
    numeric = [(name, p) for name, p in numeric if name in chosen]
    labels = ["none"] + [f"{name}.{p.name}" for name, p in numeric]
    swept = st.selectbox("Parameter range", labels, key="experiments.param",
                         help="Sweep one numeric parameter of one method over evenly spaced values.")
    if swept != "none":
        name, param = numeric[labels.index(swept) - 1]
        left, middle, right = st.columns(3)
        low = left.number_input("from", value=float(param.low if param.low is not None else 0), key="experiments.low")
        high = middle.number_input("to", value=float(param.default), key="experiments.high")
        steps = right.number_input("values", min_value=1, max_value=20, value=3, key="experiments.steps")
        values = np.linspace(low, high, int(steps)).tolist()
        spec["methods"][name][param.name] = sorted({int(round(v)) for v in values}) if param.kind is int else values
    n_seeds = st.slider("Seeds", 1, 10, 3, key="experiments.seeds")
    spec["seeds"] = list(range(1, n_seeds + 1))
    return parse_grid(spec)


def _show(grid_id: str) -> None:
    """The pictures and the table of one grid's recorded runs."""
    runs = visible_runs(grid_id=grid_id, limit=MAX_TASKS * 2)  # this session's (everyone's when shared)
    if not runs:
        st.info("No runs of this grid are recorded yet.")
        return
    table = runs_table(runs[::-1])
    metrics = [m for m in numeric_metric_columns(table) if m not in ("seconds", "peak_mb", "seed")
               and not m.startswith("n_")]
    st.subheader(plain(f"Results of {grid_id}"))
    st.caption(f"{len(table)} runs: {(table['status'] == 'ok').sum()} ok, {(table['status'] == 'failed').sum()} "
               f"failed, {(table['status'] == 'timed_out').sum()} timed out. Bars and bands: mean ± sd over seeds.")
    if metrics:
        preferred = [m for m in _PREFERRED if m in metrics]
        metrics = preferred[:1] + [m for m in metrics if m not in preferred[:1]]
        restore("experiments", [Shared("metric", "experiments.metric", choices=metrics)])
        metric = st.selectbox("Quality metric", metrics, key="experiments.metric")
        summary = setting_summary(table, metrics)
        lower = st.checkbox("Lower is better", value=metric in _LOWER_IS_BETTER, key="experiments.lower")
        st.plotly_chart(pareto_figure(table, summary, metric, higher_is_better=not lower), key="experiments.pareto", width="stretch")
        swept = [c.removeprefix("param.") for c in summary.columns if c.startswith("param.")
                 and pd.to_numeric(summary[c], errors="coerce").nunique() > 1]
        if swept:
            param = st.selectbox("Parameter", swept, key="experiments.curve_param")
            st.plotly_chart(parameter_curve_figure(summary, param, metric), key="experiments.curve", width="stretch")
        st.plotly_chart(grouped_bars_figure(summary, metric), key="experiments.bars", width="stretch")
    shown = table.drop(columns=["capability", "created"])
    st.dataframe(shown, key="experiments.table", hide_index=True)
    st.download_button("Download CSV", shown.to_csv(index=False), file_name=f"{grid_id}.csv", mime="text/csv",
                       key="experiments.download")


page_title("Experiments")
st.caption("A grid runs every method × dataset × parameter value × seed as separate tasks on a local Dask "
           "cluster; each run is recorded, and a rerun skips the tasks already done.")
restore("experiments", [Shared("source", "experiments.source", choices=SOURCES),
                        Shared("shipped", "experiments.shipped", choices=list(list_grids()))], known=LINK)
source = st.radio("Grid", SOURCES, horizontal=True, key="experiments.source")
grid = None
with guard("Reading the grid"):
    if source == "Shipped grid":
        shipped = list_grids()
        name = st.selectbox("Shipped grid", list(shipped), key="experiments.shipped",
                            index=list(shipped).index("tiny_summaries") if "tiny_summaries" in shipped else 0)
        grid = load_grid(shipped[name])
        with st.expander("Grid file"):
            st.code(shipped[name].read_text(), language="toml")
    elif source == "Compose":
        grid = _compose()
        if grid is not None:
            with st.expander("As a grid file"):
                st.code(grid.to_toml(), language="toml")
    elif source == "Upload TOML":
        upload = st.file_uploader("Grid file (TOML, at most 1 MB)", type=["toml"], key="experiments.upload")
        if upload is not None:
            if upload.size > 1_000_000:
                st.error(f"The grid file is {upload.size:,} bytes; the limit is 1,000,000.")
            else:
                grid = parse_grid(upload.getvalue())
    else:
        past = visible_grids()
        if not past:
            st.info("No grid has been run yet.")
        else:
            labels = {f"{g['grid_id']} ({g['n_ok']}/{g['n_runs']} ok, last {g['last']})": g["grid_id"] for g in past}
            by_id = {grid_id: label for label, grid_id in labels.items()}
            restore("experiments", [Shared("grid", "experiments.past", choices=list(by_id), check=by_id.get)])
            st.session_state[SHOWN_GRID] = labels[st.selectbox("Past grid", list(labels), key="experiments.past")]

if grid is not None:
    st.text(f"{grid.description or grid.name}\n{grid.n_tasks} tasks ({len(grid.methods)} method(s) × parameter "
            f"values × {len(grid.datasets)} dataset(s) × {len(grid.seeds)} seed(s)), at most "
            f"{grid.time_limit:g} s each")
    if st.button("Run grid", type="primary", key="experiments.run"):
        bar = st.progress(0.0, text="Starting…")
        live = st.empty()
        rows: list[dict] = []

        def on_task(progress) -> None:
            bar.progress(progress.fraction, text=plain(progress.message))
            if progress.row is not None:
                rows.append({key: progress.row[key] for key in ("method", "dataset", "seed", "status", "seconds")})
                live.dataframe(pd.DataFrame(rows[::-1]), hide_index=True)

        with guard("Running the grid"):
            cluster = dask_cluster()["cluster"]
            result = run_grid(grid, scheduler=cluster.scheduler_address, on_task=on_task, owner=session_owner())
            bar.progress(1.0, text=f"{result.n_done} run, {result.n_skipped} skipped (already recorded), "
                                   f"{result.n_failed} failed, {result.n_timed_out} timed out "
                                   f"in {result.seconds:.1f} s")
    recorded = {past["grid_id"] for past in visible_grids()}
    st.session_state[SHOWN_GRID] = grid.id if grid.id in recorded else None

if st.session_state.get(SHOWN_GRID):
    with guard("Charting the grid"):
        _show(st.session_state[SHOWN_GRID])
composed = source == "Compose"
swept = composed and st.session_state.get("experiments.param", "none") != "none"
share({"source": source, "shipped": st.session_state.get("experiments.shipped") if source == "Shipped grid" else None,
       "grid": st.session_state.get(SHOWN_GRID) if source == "Reopen a past grid" else None,
       **{name: st.session_state.get(f"experiments.{name}") if composed else None
          for name in ("capability", "methods", "datasets", "param", "seeds")},
       **{name: st.session_state.get(f"experiments.{name}") if swept else None for name in ("low", "high", "steps")},
       "metric": st.session_state.get("experiments.metric") if st.session_state.get(SHOWN_GRID) else None})
link_box("experiments")
