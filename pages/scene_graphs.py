"""Scene graphs: browse VG/GQA/sg2im graphs, their long tail, and the density-normalized loss vs the baseline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.figures import scenegraph as figures
from engine.runs import measure, record_run
from engine.scenegraph import (
    KS,
    PredClsRun,
    SceneGraphDataset,
    dataset_summary,
    generate_synthetic,
    graph_statistics,
    load_demo_graphs,
    load_vg150_vocabulary,
    predicate_frequencies,
    read_scene_graphs,
    restrict_to_vocabulary,
    run_predcls,
    shot_shares,
    zero_shot_differences,
)
from pages._shared import MAX_UPLOAD_BYTES, guard, page_title, progress_callback

KEY = "scene_graphs"
METRIC_KEYS = [f"{name}@{k}" for name in ("recall", "recall_ng", "mean_recall", "zs_recall", "zs_recall_ng", "weighted_recall") for k in KS]


@st.cache_data(show_spinner="Generating synthetic scene graphs…", max_entries=8)
def cached_synthetic(n_train: int, n_test: int, seed: int) -> tuple[SceneGraphDataset, SceneGraphDataset]:
    split = generate_synthetic(n_train, n_test, seed=seed)
    return split.train, split.test


@st.cache_resource(show_spinner=False)
def cached_demos() -> SceneGraphDataset:
    return load_demo_graphs()


@st.cache_data(show_spinner="Reading the file…", max_entries=8)
def parse_upload(data: bytes, filename: str, vg150: bool) -> SceneGraphDataset:
    dataset = read_scene_graphs(data, name=filename)
    return restrict_to_vocabulary(dataset, load_vg150_vocabulary()) if vg150 else dataset


@st.cache_data(show_spinner=False, max_entries=32)
def cached_run(train_fp: str, test_fp: str, method: str, epochs: int, seed: int,
               _train: SceneGraphDataset, _test: SceneGraphDataset) -> PredClsRun:
    """Fit and evaluate once per (data, method, params); each run is recorded in the run registry.

    The progress bar is made inside the cached function, so a cache hit replays it.
    """
    options = {} if method == "frequency" else {"epochs": epochs, "seed": seed}
    bar = st.progress(0.0, text=f"{method}…")
    with measure() as measurement:
        result = run_predcls(_train, _test, method=method, on_progress=progress_callback(bar), **options)
    bar.progress(1.0, text=f"{method}: done in {result.seconds:.1f} s")
    record_run(
        "scenegraph", method, {"train": _train.display_name, **result.params},
        dataset=_test.display_name, fingerprint=test_fp, metrics=result.scores, measurement=measurement,
        details={"history": list(result.history),
                 "per_predicate_recall@50": result.evaluation.per_predicate_recall[50].tolist()},
    )
    return result


def pick_data() -> tuple[SceneGraphDataset, SceneGraphDataset] | None:
    """Synthetic train/test, the shipped demos, or an upload (the latter two split 80/20)."""
    source = st.radio("Data", ["Synthetic (VG150-calibrated)", "Shipped sg2im demo graphs", "Upload JSON"],
                      key=f"{KEY}.source", horizontal=True)
    if source.startswith("Synthetic"):
        left, middle, right = st.columns(3)
        n_train = left.number_input("Training images", 20, 20000, 1000, step=100, key=f"{KEY}.n_train")
        n_test = middle.number_input("Test images", 10, 5000, 300, step=50, key=f"{KEY}.n_test")
        seed = right.number_input("Seed", 0, 10_000, 1, key=f"{KEY}.seed")
        st.info("**Synthetic data**: classes, predicates, sizes and densities follow the VG150 statistics; "
                "some triplets are held out of training so the test set has zero-shot compositions.")
        return cached_synthetic(int(n_train), int(n_test), int(seed))
    if source.startswith("Shipped"):
        dataset = cached_demos()
        st.caption("30 demo graphs from sg2im (Johnson et al., CVPR 2018; Apache-2.0), without boxes.")
    else:
        upload = st.file_uploader("Visual Genome (scene_graphs / relationships / objects), GQA sceneGraphs or sg2im JSON",
                                  type=["json"], key=f"{KEY}.upload")
        vg150 = st.checkbox("Keep only VG150 classes and predicates (as the benchmarks do)", value=True, key=f"{KEY}.vg150")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            st.error(f"{upload.name} is {upload.size / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 2**20:.0f} MB.")
            return None
        dataset = None
        with guard("Reading the file"):
            dataset = parse_upload(upload.getvalue(), upload.name, vg150)
        if dataset is None:
            return None
        if len(dataset) == 0:
            st.error("No graph is left: the file has no object of the chosen vocabulary.")
            return None
    if len(dataset) < 2:
        return dataset, dataset
    return dataset.split(test_fraction=0.2, seed=0)


page_title("Scene graphs")
st.caption("Objects and their relations, the predicate long tail, and the density-normalized edge loss "
           "(Knyazev et al., BMVC 2020) against the baseline loss and the frequency baseline.")
picked = pick_data()
if picked is None:
    st.stop()
train, test = picked
everything = train.with_graphs(train.graphs + (test.graphs if test is not train else ()), name=train.name)

tag = " (synthetic)" if everything.synthetic else ""
browse, statistics, training = st.tabs(["Browse", "Statistics", "Train and compare"])
with browse:
    index = st.number_input(f"Graph (0-{len(everything) - 1})", 0, len(everything) - 1, 0, key=f"{KEY}.graph")
    graph = everything[int(index)]
    st.caption(f"{graph.n_objects} objects, {graph.n_relations} relations, density {graph.density:.3f}{tag}")
    left, right = st.columns(2)
    left.plotly_chart(figures.scene_figure(graph, title=f"{graph.image_id}{tag}"), width="stretch", key=f"{KEY}.scene")
    right.plotly_chart(figures.predicate_graph_figure(graph, title=f"objects and predicates{tag}"),
                       width="stretch", key=f"{KEY}.predicates")

with statistics, guard("Computing the statistics"):
    summary = dataset_summary(everything)
    cols = st.columns(4)
    cols[0].metric("Graphs", f"{summary['n_graphs']:,}")
    cols[1].metric("Objects", f"{summary['n_objects']:,}")
    cols[2].metric("Relations", f"{summary['n_relations']:,}")
    cols[3].metric("Mean density", f"{summary['mean_density']:.3f}")
    if test is not train:
        shares = shot_shares(train, test)
        st.metric("Zero-shot share of test triplets", f"{shares['zero_shot_share']:.1%}",
                  help=f"{shares['zero_shot_unique_share']:.1%} of the distinct test triplets never occur in training")
    left, right = st.columns(2)
    left.plotly_chart(figures.density_histogram(graph_statistics(everything), title=f"Graph density per image{tag}"),
                      width="stretch", key=f"{KEY}.density")
    right.plotly_chart(figures.predicate_long_tail(predicate_frequencies(everything), title=f"Predicate long tail{tag}"),
                       width="stretch", key=f"{KEY}.tail")

with training:
    left, right = st.columns(2)
    epochs = left.number_input("Epochs", 1, 100, 10, key=f"{KEY}.epochs")
    seed = right.number_input("Training seed", 0, 10_000, 0, key=f"{KEY}.train_seed")
    state_key = f"{KEY}.runs"
    if st.button("Train with the baseline loss and with dnorm", key=f"{KEY}.train", type="primary"):
        runs = {}
        with guard("Training"):
            for method in ("frequency", "baseline", "dnorm"):
                runs[method] = cached_run(train.fingerprint(), test.fingerprint(), method, int(epochs), int(seed),
                                          train, test)
            st.session_state[state_key] = (test.fingerprint(), runs)
    stored = st.session_state.get(state_key)
    if stored is not None and stored[0] == test.fingerprint():
        runs = stored[1]
        table = pd.DataFrame({method: [run.scores[k] for k in METRIC_KEYS] for method, run in runs.items()}, index=METRIC_KEYS)
        st.caption(f"Test set: {test.display_name}, {len(test)} images.")
        st.dataframe(table.style.format("{:.3f}"), key=f"{KEY}.table")
        st.plotly_chart(figures.metrics_comparison({m: r.scores for m, r in runs.items()}, METRIC_KEYS[1::3]),
                        width="stretch", key=f"{KEY}.metrics")
        st.plotly_chart(figures.per_predicate_recall_figure(
            {m: r.evaluation.per_predicate_recall[50] for m, r in runs.items()}, test.vocabulary.predicates,
            predicate_frequencies(train)), width="stretch", key=f"{KEY}.per_predicate")
        st.subheader("Zero-shot triplets one loss recovers and the other misses (no graph constraint, top 50)")
        st.dataframe(zero_shot_differences(runs["dnorm"], runs["baseline"], test).head(20), key=f"{KEY}.zero_shot")
