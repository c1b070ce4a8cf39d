"""Scene graphs: browse VG/GQA/sg2im graphs, their long tail, and the density-normalized loss vs the baseline."""

from __future__ import annotations

import pages._preload_torch  # noqa: F401 - first: one thread imports pandas, plotly, torch and the engine
import pandas as pd
import streamlit as st

from engine.errors import EmptyGraphError
from engine.figures import scenegraph as figures
from engine.methods import SceneGraphSplit, methods_for
from engine.scenegraph import (
    KS,
    SceneGraphDataset,
    dataset_summary,
    generate_synthetic,
    graph_statistics,
    load_demo_graphs,
    load_vg150_vocabulary,
    predicate_frequencies,
    read_scene_graphs,
    restrict_to_vocabulary,
    shot_shares,
    zero_shot_differences,
)
from engine.scenegraph.synthetic import MAX_SYNTHETIC_TEST, MAX_SYNTHETIC_TRAIN
from pages._shared import (
    DATASET_TTL, DEFAULT_SEED, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, RESULT_TTL, UPLOAD_TTL, guard, page_title, param_widgets, plain, read_upload, run_method, seed_input,
)
from pages._teaching import (
    Shared, chart, check_seed, export_format_choice, glossary, link_box, paper_box, predicted_time, restore, share,
    show_me,
)

KEY = "scene_graphs"
#: The data a link can name (an upload cannot travel in a link): its name in the URL -> the radio's option.
SOURCES = {"synthetic": "Synthetic (VG150-calibrated)", "demo": "Shipped sg2im demo graphs"}
#: Query parameters of a link to this page; method parameters are ``method.param``.
LINK = ("data", "n_train", "n_test", "data_seed", "graph", "methods", "seed", "trained",
        *(f"{method.name}.{param.name}" for method in methods_for("scenegraph") for param in method.params))
METRIC_KEYS = [f"{name}@{k}" for name in ("recall", "recall_ng", "mean_recall", "zs_recall", "zs_recall_ng", "weighted_recall") for k in KS]


@st.cache_data(show_spinner="Generating synthetic scene graphs…", max_entries=8, ttl=RESULT_TTL)
def cached_synthetic(n_train: int, n_test: int, seed: int) -> tuple[SceneGraphDataset, SceneGraphDataset]:
    split = generate_synthetic(n_train, n_test, seed=seed)
    return split.train, split.test


@st.cache_resource(show_spinner=False, max_entries=1, ttl=DATASET_TTL)  # one shipped set
def cached_demos() -> SceneGraphDataset:
    return load_demo_graphs()


@st.cache_data(show_spinner="Reading the file…", max_entries=8, ttl=UPLOAD_TTL)
def parse_upload(data: bytes, filename: str, vg150: bool) -> SceneGraphDataset:
    dataset = read_scene_graphs(data, name=filename, max_bytes=MAX_UPLOAD_BYTES)
    dataset = restrict_to_vocabulary(dataset, load_vg150_vocabulary()) if vg150 else dataset
    if len(dataset) == 0:
        raise EmptyGraphError("no graph is left: the file has no object of the chosen vocabulary")
    return dataset


def pick_data() -> tuple[SceneGraphDataset, SceneGraphDataset] | None:
    """Synthetic train/test, the shipped demos, or an upload (the latter two split 80/20 by the data seed).

    The data seed generates the synthetic set or splits the others, as ``scenegraph train --data-seed`` does.
    """
    restore(KEY, [Shared("data", f"{KEY}.source", choices=list(SOURCES), check=SOURCES.get),
                  Shared("n_train", f"{KEY}.n_train", int, choices=range(20, MAX_SYNTHETIC_TRAIN + 1)),
                  Shared("n_test", f"{KEY}.n_test", int, choices=range(10, MAX_SYNTHETIC_TEST + 1)),
                  Shared("data_seed", f"{KEY}.data_seed", int, check=check_seed)], known=LINK)
    source = st.radio("Data", [*SOURCES.values(), "Upload JSON"], key=f"{KEY}.source", horizontal=True)
    if source.startswith("Synthetic"):
        left, middle, right = st.columns(3)
        n_train = left.number_input("Training images", 20, MAX_SYNTHETIC_TRAIN, 1000, step=100, key=f"{KEY}.n_train")
        n_test = middle.number_input("Test images", 10, MAX_SYNTHETIC_TEST, 300, step=50, key=f"{KEY}.n_test")
        seed = seed_input(KEY, label="Data seed", container=right, key=f"{KEY}.data_seed")
        st.info("**Synthetic data**: classes, predicates, sizes and densities follow the VG150 statistics; "
                "some triplets are held out of training so the test set has zero-shot compositions.")
        return cached_synthetic(int(n_train), int(n_test), seed)
    seed = seed_input(KEY, label="Data seed (80/20 split)", key=f"{KEY}.data_seed")
    if source.startswith("Shipped"):
        dataset = cached_demos()
        st.caption("30 demo graphs from sg2im (Johnson et al., CVPR 2018; Apache-2.0), without boxes.")
    else:
        upload = st.file_uploader("Visual Genome (scene_graphs / relationships / objects), GQA sceneGraphs or sg2im JSON",
                                  key=f"{KEY}.upload", help=f"Accepted: .json, .json.gz; at most {MAX_UPLOAD_MB} MB.")
        vg150 = st.checkbox("Keep only VG150 classes and predicates (as the benchmarks do)", value=True, key=f"{KEY}.vg150")
        dataset = read_upload(upload, lambda data, name: parse_upload(data, name, vg150), types=["json", "gz"],
                              keep=f"{KEY}.last_upload")
        if dataset is None:
            return None
    if len(dataset) < 2:
        return dataset, dataset
    return dataset.split(seed=seed)


page_title("Scene graphs")
st.caption("Objects and their relations, the predicate long tail, and the density-normalized edge loss "
           "(Knyazev et al., BMVC 2020) against the baseline loss and the frequency baseline.")
export_format_choice()


def run_demo(preset) -> None:
    options = dict(preset.data)
    demo_train, demo_test = cached_synthetic(int(options["n_train"]), int(options["n_test"]), int(options["seed"]))
    demo_runs = {r.method: run_method(r.method, SceneGraphSplit(demo_train, demo_test), dict(r.params), r.seed).result
                 for r in preset.runs}
    chart(figures.metrics_comparison({m: r.metrics() for m, r in demo_runs.items()}, METRIC_KEYS[1::3]),
          "scenegraph.metrics_comparison", key=f"{KEY}.demo.metrics")
    chart(figures.per_predicate_recall_figure(
        {m: r.evaluation.per_predicate_recall[50] for m, r in demo_runs.items()}, demo_test.vocabulary.predicates,
        predicate_frequencies(demo_train)), "scenegraph.per_predicate_recall_figure", key=f"{KEY}.demo.per_predicate")
    glossary(METRIC_KEYS[1::3])


show_me(KEY, run_demo)
picked = pick_data()
if picked is None:
    st.stop()
train, test = picked
everything = train.with_graphs(train.graphs + (test.graphs if test is not train else ()), name=train.name)

tag = " (synthetic)" if everything.synthetic else ""
browse, statistics, training = st.tabs(["Browse", "Statistics", "Train and compare"])
with browse:
    restore(KEY, [Shared("graph", f"{KEY}.graph", int, choices=range(len(everything)))])
    index = st.number_input(f"Graph (0-{len(everything) - 1})", 0, len(everything) - 1, 0, key=f"{KEY}.graph")
    graph = everything[int(index)]
    st.caption(f"{graph.n_objects} objects, {graph.n_relations} relations, density {graph.density:.3f}{tag}")
    left, right = st.columns(2)
    left.plotly_chart(figures.scene_figure(graph, title=f"{graph.image_id}{tag}"), width="stretch", key=f"{KEY}.scene")
    right.plotly_chart(figures.predicate_graph_figure(graph, title=f"objects and predicates{tag}", seed=DEFAULT_SEED),
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
    methods = {method.name: method for method in methods_for("scenegraph")}
    from_link = restore(KEY, [
        Shared("methods", f"{KEY}.methods", many=True, choices=list(methods)),
        Shared("seed", f"{KEY}.seed", int, check=check_seed), Shared("trained", f"{KEY}.trained_link", bool),
        *(Shared(f"{name}.{param.name}", f"{KEY}.{name}.{param.name}", param.kind, choices=param.choices or None,
                 check=param.validate) for name, method in methods.items() for param in method.params)])
    chosen = st.multiselect("Methods", list(methods), default=["frequency", "baseline", "dnorm"],
                            format_func=lambda name: methods[name].title, key=f"{KEY}.methods")
    params = {}
    for name in chosen:
        if methods[name].params:
            st.caption(f"{methods[name].title} parameters")
            params[name] = param_widgets(KEY, name)
    seed = seed_input(KEY, label="Training seed")
    predicted_time(SceneGraphSplit(train, test), {name: params.get(name, {}) for name in chosen})
    state_key = f"{KEY}.runs"
    for name in chosen:
        paper_box(name)
    # a link to trained results trains (or replays the cached runs) without the button
    if st.button("Train and evaluate", key=f"{KEY}.train", type="primary") or from_link.get("trained"):
        runs = {}
        with guard("Training"):
            for method in chosen:
                runs[method] = run_method(method, SceneGraphSplit(train, test), params.get(method, {}), seed).result
            request = {"seed": seed, **{f"{m}.{p}": v for m in chosen for p, v in params.get(m, {}).items()}}
            st.session_state[state_key] = (test.fingerprint(), runs, request)
    stored = st.session_state.get(state_key)
    trained: dict = {}
    if stored is not None and stored[0] == test.fingerprint() and stored[1]:
        runs = stored[1]
        table = pd.DataFrame({method: [run.metrics()[k] for k in METRIC_KEYS] for method, run in runs.items()},
                             index=METRIC_KEYS)
        st.caption(plain(f"Test set: {test.display_name}, {len(test)} images."))
        st.dataframe(table.style.format("{:.3f}"), key=f"{KEY}.table")
        st.plotly_chart(figures.metrics_comparison({m: r.metrics() for m, r in runs.items()}, METRIC_KEYS[1::3]),
                        width="stretch", key=f"{KEY}.metrics")
        glossary(METRIC_KEYS)
        st.plotly_chart(figures.per_predicate_recall_figure(
            {m: r.evaluation.per_predicate_recall[50] for m, r in runs.items()}, test.vocabulary.predicates,
            predicate_frequencies(train)), width="stretch", key=f"{KEY}.per_predicate")
        trained = {"methods": list(runs), "trained": True, **stored[2]}  # what was trained, not the widgets
        if "dnorm" in runs and "baseline" in runs:
            st.subheader("Zero-shot triplets one loss recovers and the other misses (no graph constraint, top 50)")
            st.dataframe(zero_shot_differences(runs["dnorm"], runs["baseline"], test).head(20), key=f"{KEY}.zero_shot")

data = next((name for name, label in SOURCES.items() if label == st.session_state.get(f"{KEY}.source")), None)
synthetic = data == "synthetic"
share({"data": data, "n_train": st.session_state.get(f"{KEY}.n_train") if synthetic else None,
       "n_test": st.session_state.get(f"{KEY}.n_test") if synthetic else None,
       "data_seed": st.session_state.get(f"{KEY}.data_seed") if data else None,
       "graph": st.session_state.get(f"{KEY}.graph") if data else None,
       **{name: None for name in LINK[5:]}, **(trained if data else {})})
link_box(KEY)
