"""Embedding benchmark: every method on the shipped labelled graphs, FastRP against our node2vec and the reference.

Writes the ``embeddings`` section of bench/RESULTS.md. Run from the checkout root:

    .venv/bin/python bench/embeddings.py            # full run (about an hour on 2 busy cores)
    .venv/bin/python bench/embeddings.py --resume   # finish the rows missing from bench/embeddings_rows.json
    .venv/bin/python bench/embeddings.py --quick    # karate club only, to check the script
    .venv/bin/python bench/embeddings.py --resume --tuning   # also FastRP tune=True against node2vec (labels split)
    .venv/bin/python bench/embeddings.py --resume --powers   # also FastRP's F1 against its number of powers
    .venv/bin/python bench/embeddings.py --resume --redo-walks   # DeepWalk/node2vec rows again (new trainer)
    .venv/bin/python bench/embeddings.py --resume --redo-sdne    # the SDNE rows again (new loss or defaults)
    .venv/bin/python bench/embeddings.py --resume --blogcatalog-spread --spread-variants ours/raw sklearn64/raw
                                        # BlogCatalog F1 split by split, per embedding/protocol variant (issue 11)
    .venv/bin/python bench/embeddings.py --resume --redo-blogcatalog   # the BlogCatalog row again (timed: quiet)

Each finished row is saved to bench/embeddings_rows.json and the section rewritten, so an
interrupted run keeps what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._results import write_section  # noqa: E402
from engine.datasets import load_dataset  # noqa: E402
from engine.embedding import embed  # noqa: E402
from engine.embedding.assess import node_classification, reconstruction_map  # noqa: E402
from engine.types import Graph  # noqa: E402

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DIM, SEED, TRAIN_FRACTION, MAX_NODES = 128, 1, 0.5, 2000
#: Walk settings of our DeepWalk / node2vec here (the page's defaults): 10 walks of 40 nodes, window 5.
WALKS = {"walks_per_node": 10, "walk_length": 40, "window": 5}
METHOD_PARAMS = {
    "fastrp": {},
    "hope": {},
    "laplacian": {},
    "deepwalk": dict(WALKS),
    "node2vec": dict(WALKS, p=1.0, q=0.5),
    "sdne": {"n_epochs": 10},
    # FastRP at dim 512 with the setting picked on facebook_pages among ten tried (split seed 7, not the
    # reported splits): per-power L2 normalisation, weights (0, 1, 1, 1), beta 0.
    "fastrp-512": {"dim": 512, "weights": [0.0, 1.0, 1.0, 1.0], "beta": 0.0, "normalize_powers": True},
    # node2vec with the spec's (and the paper's) walk setting: 10 walks of 80 nodes, window 10.
    "node2vec-80": {"walks_per_node": 10, "walk_length": 80, "window": 10, "p": 1.0, "q": 0.5},
}
#: The reference FastRP figures of the spec (GTmac/FastRP notebook rerun on a 2-core machine, BlogCatalog).
REFERENCE = {"seconds": (0.6, 1.4), "micro_f1": 0.289, "macro_f1": 0.173}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_method(graph: Graph, label: str, params: dict) -> dict:
    log(f"{graph.name}: {label} {params}")
    params = dict(params)
    dim = params.pop("dim", DIM)
    cpu = time.process_time()
    embedding = embed(graph, label.split("-")[0], dim=dim, seed=SEED, **params)
    cpu = time.process_time() - cpu
    method = label
    scores = reconstruction_map(graph, embedding, max_nodes=MAX_NODES, seed=SEED)
    classification = node_classification(embedding, graph.labels, train_fractions=(TRAIN_FRACTION,), n_repeats=3,
                                         seed=SEED)
    micro, macro = classification.at(TRAIN_FRACTION)
    row = {"graph": graph.name, "method": method, "dim": dim, "params": params, "seconds": embedding.seconds,
           "cpu_seconds": cpu, "load": os.getloadavg()[0], "peak_mb": embedding.peak_bytes / 2**20, "map": list(scores.map), "map_nodes": scores.n_sampled,
           "micro_f1": micro, "macro_f1": macro}
    log(f"  {embedding.seconds:.2f} s, mAP {np.round(scores.map, 3).tolist()}, F1 {micro:.3f}/{macro:.3f}")
    return row


def blogcatalog_data() -> tuple[Graph, object] | None:
    """BlogCatalog's graph and its sparse label matrix from ../shared (None when absent)."""
    import scipy.io

    path = SHARED_DATA / "embeddings" / "blogcatalog.mat"
    if not path.is_file():
        log(f"{path} is absent: skipping BlogCatalog")
        return None
    mat = scipy.io.loadmat(path)
    network = mat["network"].tocoo()
    return Graph.from_edges(network.row, network.col, n_nodes=network.shape[0], name="blogcatalog"), mat["group"]


def blogcatalog() -> dict | None:
    """FastRP with the reference notebook's setting on BlogCatalog: 3 timed runs, F1 at 10 % train (top-k), scored
    with the reference's protocol (the vectors as they are) and with node_classification's default (standardised
    on the training nodes), on the same 5 splits."""
    data = blogcatalog_data()
    if data is None:
        return None
    graph, labels = data
    times, embedding = [], None
    for run in range(3):
        embedding = embed(graph, "fastrp", dim=512, seed=SEED + run, **BLOGCATALOG_PARAMS)
        times.append(embedding.seconds)
        log(f"blogcatalog fastrp run {run + 1}: {embedding.seconds:.3f} s")
    load = os.getloadavg()[0]
    row = {"n_nodes": graph.n_nodes, "n_edges": graph.n_edges, "times": times, "load": load,
           "peak_mb": embedding.peak_bytes / 2**20, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    for suffix, standardize in (("", False), ("_scaled", True)):
        classification = node_classification(embedding, labels, train_fractions=(0.1,), n_repeats=5,
                                             standardize=standardize, seed=SEED)
        row[f"micro_f1{suffix}"], row[f"macro_f1{suffix}"] = classification.at(0.1)
        log(f"blogcatalog fastrp F1 (standardize={standardize}) {row[f'micro_f1{suffix}']:.4f}")
    row["tails"] = column_tails(embedding.vectors)
    return row


def column_tails(vectors: np.ndarray, n_splits: int = 5) -> dict:
    """How heavy-tailed an embedding's columns are, and how far a column's standard deviation over 10 % of the
    nodes (split seeds 0..n_splits-1, as node_classification draws them) strays from its value over all nodes."""
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    variance = (centred**2).mean(axis=0)
    kurtosis = (centred**4).mean(axis=0) / variance**2
    top_share = np.sort(centred**2, axis=0)[-10:].sum(axis=0) / (centred**2).sum(axis=0)
    n_train = int(round(0.1 * vectors.shape[0]))
    ratios = np.concatenate([vectors[np.random.default_rng(k).permutation(vectors.shape[0])[:n_train]].std(axis=0)
                             / np.sqrt(variance) for k in range(n_splits)])
    return {"kurtosis_median": float(np.median(kurtosis)), "top10_share_median": float(np.median(top_share)),
            "train_std_ratio_p5": float(np.percentile(ratios, 5)), "train_std_ratio_p95": float(np.percentile(ratios, 95))}


#: Issue 11's time goal for FastRP on BlogCatalog (the row's median of 3 runs, seconds): the row measured 2026-11-25.
BLOGCATALOG_SECONDS_GOAL = 0.35
#: The BlogCatalog setting of the reference notebook (GTmac/FastRP, fast-random-projection-blogcatalog.ipynb).
BLOGCATALOG_PARAMS = {"weights": [1.0, 1.0, 7.81, 45.28], "beta": -0.628}
#: What is and is not the same as the reference in the BlogCatalog comparison (issue 11).
BLOGCATALOG_DIAGNOSIS = (
    "- BlogCatalog, what differs from the reference (its fastrp.py and notebook read again, issue 11): the same "
    "transition matrix D⁻¹A, the same very sparse projection (density 1/√n, ±√s; sklearn's SparseRandomProjection "
    "there, whose global factor 1/√dim vanishes in the final column scaling), the same d_j^β on the projection's "
    "rows (its `components_ @ diag(d^β)`), the same weights, no per-power normalisation, columns scaled to unit "
    "variance over all nodes at the end; the same graph (the .mat's 0/1 symmetric matrix, no self-loop; every node "
    "has a label, so no node is left out). Differences: (a) the classifier: both fit one-vs-rest liblinear logistic "
    "regression (C = 1) on int(10 % · n) = 1,031 nodes and predict each node's top-k labels, but "
    "node_classification standardises the features on the training nodes by default, while the reference's "
    "scoring script (DeepWalk's, adapted) feeds the vectors as they are; (b) float32 products here, float64 there; "
    "(c) the projection's random draw (scikit-learn's, random_state 42, there; numpy's seeded generator here); "
    "(d) the splits: seeded here, 5 unseeded shuffles there (`--num-shuffles 5`: the notebook's 0.292 and the "
    "spec's rerun 0.289 are two such 5-shuffle means). Each is measured separately below on the same splits.")
#: Split seeds (of ``node_classification``) for the BlogCatalog spread, and the projection seeds: the first gets
#: all of them, the others the first 5 (the reference's 5 shuffles).
SPREAD_SPLITS, SPREAD_SEEDS, SPREAD_GROUP = 20, (1, 2, 3, 4, 5), 5
#: Variants of the BlogCatalog spread (issue 11): an embedding and a classifier protocol, "embedding/protocol".
#: Embeddings: "ours" is the engine's FastRP (float32 products, numpy-drawn projection; the row's seed is the
#: projection seed); "sklearn64" and "sklearn32" are this script's own FastRP of the same setting, products in
#: float64 or float32, on the projection scikit-learn's SparseRandomProjection draws with random_state = the row's
#: seed (42 is the reference code's). Protocols: "scaled" standardises the features on the training nodes
#: (node_classification's default), "raw" feeds them as they are (the reference's scoring script).
SPREAD_VARIANTS = ("ours/scaled", "ours/raw", "sklearn64/scaled", "sklearn64/raw", "sklearn32/scaled")
#: Projection seeds of the sklearn variants (the reference's draw).
SKLEARN_SEEDS = (42,)
#: The differences of the diagnosis, each a pair of variants compared on the same splits (at their first seed).
SPREAD_COMPARISONS = (
    ("(a) classifier: vectors as they are vs standardised on the training nodes", "ours/raw", "ours/scaled"),
    ("(a) the same on the reference's own projection", "sklearn64/raw", "sklearn64/scaled"),
    ("(b) products: float64 vs float32, the same projection", "sklearn64/scaled", "sklearn32/scaled"),
    ("(c) projection: scikit-learn's draw (random_state 42) vs ours (seed 1), both float32", "sklearn32/scaled",
     "ours/scaled"),
    ("(a)+(b)+(c) the reference's embedding and protocol vs ours", "sklearn64/raw", "ours/scaled"),
)


def sklearn_projection_fastrp(graph: Graph, seed: int, dtype: type) -> np.ndarray:
    """FastRP of the reference setting (dim 512, D⁻¹A, d^β on the projection's rows, weights 1, 1, 7.81, 45.28,
    columns standardised over all nodes), computed here with products in ``dtype`` on the projection that
    scikit-learn's SparseRandomProjection draws with ``random_state=seed`` (density 1/√n): the reference code's
    embedding for seed 42 and float64, if this scikit-learn draws what the reference's did."""
    import scipy.sparse as sp
    from sklearn.random_projection import SparseRandomProjection

    n = graph.n_nodes
    adjacency = graph.adjacency.astype(np.float64)
    degrees = np.asarray(adjacency.sum(axis=1)).ravel()
    projection = SparseRandomProjection(n_components=512, random_state=seed).fit(sp.csr_matrix((1, n))).components_
    transition = (sp.diags(1.0 / degrees) @ adjacency).tocsr().astype(dtype)
    current = (sp.diags(degrees ** BLOGCATALOG_PARAMS["beta"]) @ projection.T).toarray().astype(dtype)
    combined = np.zeros(current.shape, dtype=dtype)
    for weight in BLOGCATALOG_PARAMS["weights"]:
        current = transition @ current
        combined += dtype(weight) * current
    combined = combined.astype(np.float64)
    combined -= combined.mean(axis=0)
    return combined / combined.std(axis=0)


def blogcatalog_spread(done: list[dict], variants: Sequence[str] = ("ours/scaled",),
                       n_splits: int = SPREAD_SPLITS) -> list[dict]:
    """Micro/Macro-F1 on BlogCatalog (reference setting, 10 % train) split by split, for each variant of
    SPREAD_VARIANTS: the first projection seed over ``n_splits`` split seeds, the other seeds (ours only) over
    SPREAD_GROUP; rows already in ``done`` are kept."""
    data = blogcatalog_data()
    if data is None:
        return list(done)
    graph, labels = data
    rows = list(done)
    for variant in variants:
        kind, protocol = variant.split("/")
        for seed in SPREAD_SEEDS if kind == "ours" else SKLEARN_SEEDS:
            vectors = None
            for split in range(n_splits if seed in (SPREAD_SEEDS[0], SKLEARN_SEEDS[0]) else SPREAD_GROUP):
                if any(_variant(row) == variant and row["seed"] == seed and row["split"] == split for row in rows):
                    continue
                if vectors is None:
                    vectors = (embed(graph, "fastrp", dim=512, seed=seed, **BLOGCATALOG_PARAMS).vectors
                               if kind == "ours" else
                               sklearn_projection_fastrp(graph, seed, np.float64 if kind == "sklearn64" else np.float32))
                micro, macro = node_classification(vectors, labels, train_fractions=(0.1,), n_repeats=1,
                                                   standardize=protocol == "scaled", seed=split).at(0.1)
                rows.append({"variant": variant, "seed": seed, "split": split, "micro_f1": micro, "macro_f1": macro,
                             "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
                log(f"blogcatalog spread: {variant}, projection seed {seed}, split {split}: Micro-F1 {micro:.4f}")
                _save_spread(rows)
    return rows


def _variant(row: dict) -> str:
    """A spread row's variant (rows from before the variants are the engine's default protocol)."""
    return row.get("variant", "ours/scaled")


def spread_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    reference = REFERENCE["micro_f1"]
    parts = ["", f"**BlogCatalog: split-to-split spread of the Micro-F1, and each difference from the reference** "
             "(`/work/bin/busy .venv/bin/python bench/embeddings.py --resume --blogcatalog-spread [--spread-variants "
             "V ...] [--spread-splits N]`: the reference setting, dim 512, 10 % train, one-vs-rest liblinear, top-k "
             "labels; each split is `node_classification(..., train_fractions=(0.1,), n_repeats=1, seed=k)`, the "
             "same k for every variant; variants are described in `SPREAD_VARIANTS`; measured "
             f"{min(row['date'] for row in rows)} to {max(row['date'] for row in rows)})", ""]
    for variant in SPREAD_VARIANTS:
        mine = [row for row in rows if _variant(row) == variant]
        if not mine:
            continue
        first_seed = mine[0]["seed"]
        first = [row["micro_f1"] for row in mine if row["seed"] == first_seed]
        macro = [row["macro_f1"] for row in mine if row["seed"] == first_seed]
        mean, sd = statistics.mean(first), statistics.stdev(first) if len(first) > 1 else 0.0
        line = (f"- {variant}, projection seed {first_seed}, {len(first)} split seeds (0–{len(first) - 1}): Micro-F1 "
                f"mean {mean:.4f}, sd {sd:.4f}, min {min(first):.4f}, max {max(first):.4f}; Macro-F1 mean "
                f"{statistics.mean(macro):.4f}. The reference's {reference} is "
                f"{(reference - mean) / sd if sd else 0:+.1f} sd from this mean; "
                f"{sum(value >= reference for value in first)} of {len(first)} single splits reach it.")
        groups = [statistics.mean(first[i:i + SPREAD_GROUP])
                  for i in range(0, len(first) - SPREAD_GROUP + 1, SPREAD_GROUP)]
        others = sorted({row["seed"] for row in mine} - {first_seed})
        groups += [statistics.mean(row["micro_f1"] for row in mine if row["seed"] == seed and row["split"] < SPREAD_GROUP)
                   for seed in others
                   if sum(row["seed"] == seed and row["split"] < SPREAD_GROUP for row in mine) == SPREAD_GROUP]
        if len(groups) > 1:
            group_mean, group_sd = statistics.mean(groups), statistics.stdev(groups)
            line += (f" Means of {SPREAD_GROUP} splits, as the reference scores ({len(groups)} of them: the disjoint "
                     f"groups of seed {first_seed}'s splits"
                     + (f", then projection seeds {', '.join(map(str, others))} on split seeds 0–{SPREAD_GROUP - 1}"
                        if others else "") + "): " + ", ".join(f"{value:.4f}" for value in groups)
                     + f"; mean {group_mean:.4f}, sd {group_sd:.4f}, range {min(groups):.4f}–{max(groups):.4f}; "
                     f"{sum(value >= reference for value in groups)} of {len(groups)} reach {reference}.")
        parts.append(line)
    comparisons = []
    for title, left, right in SPREAD_COMPARISONS:
        differences = _paired(rows, left, right)
        if len(differences) > 1:
            comparisons.append(f"| {title} | {left} − {right} | {len(differences)} | "
                               f"{statistics.mean(differences):+.4f} | {statistics.stdev(differences):.4f} | "
                               f"{statistics.stdev(differences) / len(differences) ** 0.5:.4f} |")
    if comparisons:
        parts += ["", "| difference | variants | splits | mean Δ Micro-F1 | sd of Δ | standard error |",
                  "|---|---|---:|---:|---:|---:|", *comparisons]
    def first_seed_mean(variant: str) -> tuple[float, int] | None:
        mine = [row for row in rows if _variant(row) == variant]
        values = [row["micro_f1"] for row in mine if mine and row["seed"] == mine[0]["seed"]]
        return (statistics.mean(values), len(values)) if values else None

    base, raw, rebuilt = first_seed_mean("ours/scaled"), first_seed_mean("ours/raw"), first_seed_mean("sklearn64/raw")
    effect = {key: _paired(rows, left, right) for key, left, right in
              (("a", "ours/raw", "ours/scaled"), ("b", "sklearn64/scaled", "sklearn32/scaled"),
               ("c", "sklearn32/scaled", "ours/scaled"))}
    if base and raw and rebuilt and all(len(values) > 1 for values in effect.values()):
        effect = {key: statistics.mean(values) for key, values in effect.items()}
        first = [row["micro_f1"] for row in rows if _variant(row) == "ours/raw" and row["seed"] == SPREAD_SEEDS[0]]
        group_sd = statistics.stdev(first) / SPREAD_GROUP ** 0.5
        parts += ["", f"- Which difference explains the gap: from ours/scaled ({base[0]:.4f}, seed {SPREAD_SEEDS[0]}, "
                  f"{base[1]} splits) to the reference's {reference} is {reference - base[0]:+.4f}. (a) The classifier "
                  f"accounts for {effect['a']:+.4f} of it (paired over the same splits, on both projections); (b) float64 "
                  f"products for {effect['b']:+.4f} (the same predictions); with the reference's protocol ours scores "
                  f"{raw[0]:.4f} ({raw[1]} splits), {raw[0] - reference:+.4f} from the reference, "
                  f"{(raw[0] - reference) / group_sd:+.1f} sd of a 5-split mean (sd {group_sd:.4f}, from the "
                  f"split-to-split sd). (c) The reference's own draw rebuilt here (sklearn64/raw) scores "
                  f"{rebuilt[0]:.4f} on the same splits, {effect['c']:+.4f} against our draw (sklearn32/scaled − "
                  "ours/scaled): one draw against another, as far apart as our own draws' 5-split means. The "
                  "reference's figures are single 5-shuffle means themselves (0.289 in the spec's rerun, 0.292 in the "
                  "notebook, the same code)."]
    return parts


def _paired(rows: list[dict], left: str, right: str) -> list[float]:
    """Micro-F1 differences left − right on the split seeds both variants scored (each at its first seed)."""
    def first_seed_scores(variant: str) -> dict[int, float]:
        mine = [row for row in rows if _variant(row) == variant]
        return {row["split"]: row["micro_f1"] for row in mine if row["seed"] == mine[0]["seed"]} if mine else {}

    a, b = first_seed_scores(left), first_seed_scores(right)
    return [a[split] - b[split] for split in sorted(a.keys() & b.keys())]


#: What the SDNE mini-batch loss is and why its first version lost quality (issue 11).
SDNE_NOTE = (
    "**SDNE mini-batch loss** (issue 11). Each step decodes only the batch's rows, exactly at their non-zeros and at "
    "1,024 uniformly sampled columns for their zeros (scaled by n/1,024, unbiased), and adds the first-order term "
    "over every edge (every node encoded through an embedding bag, O(edges × hidden)). The first version took the "
    "first-order term over the batch's edges only (½ Σ_{i∈B} Σ_j a_ij ‖y_i − y_j‖², never landed): unbiased too, but each edge then pulls its two "
    "ends in 2 of the ~28 steps of an epoch, and Adam (per-parameter steps normalised by the gradient's RMS) moves "
    "them far less than with a small exact share at every step. twitch_en, defaults, seed 1: mAP@1 0.055 (batch "
    "edges) vs 0.270 (every edge, this version) vs 0.269 (the former full loss, which decoded whole rows: "
    "O(n² × hidden) per epoch). The test `test_sdne_batch_loss_is_the_full_loss_on_the_whole_graph` checks the "
    "batch loss against the full loss on a whole graph. Speed: profiled (torch profiler, one thread, load "
    "about 10), one step on facebook_pages costs 0.79 CPU s, most of it in the two embedding bags over all 341,825 "
    "non-zeros (encoder and A·Y), forward and backward, and Adam over the two n × 256 layers; the decoder at 256 × "
    "1,024 sampled columns is no longer the cost. With the default batch of 256 (88 steps an epoch, 10 epochs) that "
    "is about 700 CPU s, no better than the former full loss's 652 s; fewer, larger batches are measured below. That "
    "was the former step; the X·G step below (the same loss and gradient) costs about 0.4 CPU s.")

#: Graphs of the tuning comparison: facebook_pages (shipped), github (../shared) and twitch_en (shipped; 7,126 nodes,
#: the closest to the issue's unseen 7.6k-node social graph); github and twitch_en were never used to choose anything.
TUNING_GRAPHS = ("facebook_pages", "github", "twitch_en")
TUNING_SPLIT_SEED = 7


def load_labelled(name: str) -> Graph | None:
    """A shipped dataset, or a karateclub-format graph of ../shared/data/embeddings (labels as the 'label' attribute)."""
    if name != "github":
        return load_dataset(name)
    import pandas as pd

    folder = SHARED_DATA / "embeddings" / name
    if not folder.is_dir():
        log(f"{folder} is absent: skipping {name}")
        return None
    edges = pd.read_csv(folder / "edges.csv")
    target = pd.read_csv(folder / "target.csv").sort_values("id")
    return Graph.from_edges(edges["id_1"].to_numpy(), edges["id_2"].to_numpy(), n_nodes=len(target), name=name,
                            attributes=pd.DataFrame({"label": target["target"].to_numpy()}))


#: Runs of each FastRP row of the tuning comparison (the row gives their median; the first tuned run in a
#: process also pays numba's one-time start, which the row's "runs" column shows).
FASTRP_RUNS = 3
#: Source file whose version a node2vec row of the tuning comparison records (its walks and skip-gram trainer).
NODE2VEC_SOURCE = Path(__file__).resolve().parent.parent / "engine" / "embedding" / "walks.py"


def source_version(path: Path) -> str:
    """The git blob id of a file's content (what ``git hash-object`` prints), to tell whether code changed."""
    import hashlib

    content = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


#: Tiny calls on karate club that load a method's compiled kernels (numba's start) before a warm timing.
WARM_UP = {"node2vec": {"dim": 8, "walks_per_node": 1, "walk_length": 5, "window": 2, "q": 0.5},
           "fastrp": {"dim": 8, "tune": True}}


def tuning_labels(graph: Graph) -> tuple[np.ndarray, np.ndarray]:
    """The two halves of the labels (split seed TUNING_SPLIT_SEED): the one the search sees, the one scored."""
    order = np.random.default_rng(TUNING_SPLIT_SEED).permutation(graph.n_nodes)
    tuning = np.array(graph.labels, dtype=object)
    tuning[order[graph.n_nodes // 2:]] = None
    scored = np.array(graph.labels, dtype=object)
    scored[order[:graph.n_nodes // 2]] = None
    return tuning, scored


def tuning_params(method: str, tuning: np.ndarray) -> dict:
    """The ``embed`` options of a method of the tuning comparison (besides dim and seed)."""
    return {"node2vec": dict(WALKS, p=1.0, q=0.5), "fastrp": {}, "fastrp-tuned": {"tune": True, "labels": tuning}}[method]


def warm_up(method: str) -> float:
    """CPU seconds of a tiny call of ``method`` on karate club (loads its kernels: numba's start the first time)."""
    cpu = time.process_time()
    embed(load_dataset("karate_club"), method.split("-")[0], seed=SEED, **WARM_UP[method.split("-")[0]])
    return time.process_time() - cpu


def start_cost(method: str) -> dict:
    """numba's start for ``method`` in this (fresh) process: the first tiny call's CPU s minus the second's."""
    first, second = warm_up(method), warm_up(method)
    return {"first": first, "second": second, "start": first - second}


def cold_run(name: str, method: str, seed: int) -> dict:
    """CPU s of the first call of ``method`` on ``name`` in this (fresh) process: numba's start included."""
    graph = load_labelled(name)
    params = tuning_params(method, tuning_labels(graph)[0])
    cpu = time.process_time()
    embed(graph, method.split("-")[0], dim=DIM, seed=seed, **params)
    return {"cold_cpu": time.process_time() - cpu}


def fresh_process(call: str) -> dict:
    """Evaluate ``call`` (a call of a function of this module returning a dict) in a new Python process; the
    engine's imports (numba's included) happen before it, as they do for every method."""
    import subprocess

    code = (f"import json, sys\nsys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
            f"from bench.embeddings import *\nprint(json.dumps({call}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def tuning_rows(name: str, seed: int = SEED, reuse: dict | None = None) -> list[dict]:
    """node2vec, FastRP defaults and FastRP tune=True on one graph, labels split in half.

    FastRP's search sees only the tuning half of the labels; every method is scored on the other
    half (logistic regression, 50 % train, 3 splits), so the tuned weights never saw a scored node.
    Each method is timed warm (its kernels loaded by a tiny call first, as in the app's server process or a grid
    worker) and cold: for FastRP the first call in a fresh process, for node2vec (a run takes minutes) its warm
    CPU s plus its start, the first minus the second tiny call in a fresh process.
    ``reuse``: a saved node2vec row of this graph and seed, kept instead of rerunning node2vec (140-280 s)
    when node2vec's source (:data:`NODE2VEC_SOURCE`) has not changed since it was measured warm.
    """
    graph = load_labelled(name)
    if graph is None:
        return []
    tuning, scored = tuning_labels(graph)
    rows = []
    node2vec_code = source_version(NODE2VEC_SOURCE)
    for method in ("node2vec", "fastrp", "fastrp-tuned"):
        params = tuning_params(method, tuning)
        if method == "node2vec" and reuse is not None and reuse.get("code") == node2vec_code and "start_cpu" in reuse:
            log(f"{name}: node2vec seed {seed} kept from {reuse['date']} (its source is unchanged)")
            rows.append(reuse)
            continue
        log(f"{name}: {method}")
        cold = ({"start_cpu": fresh_process("start_cost('node2vec')")["start"]} if method == "node2vec"
                else fresh_process(f"cold_run({name!r}, {method!r}, {seed})"))
        warm_up(method)
        runs = []  # FastRP runs 3 times (same seed, same vectors): CPU time on this shared machine varies ±50 %
        for _ in range(1 if method == "node2vec" else FASTRP_RUNS):
            cpu = time.process_time()
            embedding = embed(graph, method.split("-")[0], dim=DIM, seed=seed, **params)
            runs.append((time.process_time() - cpu, embedding.seconds))
        cpu, seconds = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
        micro, macro = node_classification(embedding, scored, train_fractions=(TRAIN_FRACTION,), n_repeats=3,
                                           seed=SEED).at(TRAIN_FRACTION)
        chosen = {key: embedding.params[key] for key in ("weights", "beta", "normalize_powers", "tuning")
                  if method == "fastrp-tuned"}
        rows.append({"graph": name, "method": method, "seed": seed, "seconds": seconds, "cpu_seconds": cpu,
                     "load": os.getloadavg()[0], "micro_f1": micro, "macro_f1": macro, "chosen": chosen,
                     "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} | cold
                    | ({"code": node2vec_code} if method == "node2vec" else {"cpu_runs": [run[0] for run in runs]}))
        log(f"  {embedding.seconds:.2f} s (CPU {cpu:.2f} s warm, {cold}), F1 {micro:.3f}/{macro:.3f} {chosen}")
    return rows


def cold_cpu(row: dict) -> float | None:
    """A tuning row's cold CPU s (first call in a fresh process), or None for a row measured before they were."""
    if "cold_cpu" in row:
        return row["cold_cpu"]
    return row["cpu_seconds"] + row["start_cpu"] if "start_cpu" in row else None


def tuning_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    parts = ["", "**FastRP `tune=True` against node2vec** (`/work/bin/quiet .venv/bin/python bench/embeddings.py "
             "--resume --tuning [--retune] --tuning-graphs G --seeds 1 2 3`: labels split in half with seed "
             f"{TUNING_SPLIT_SEED}: the search sees one half, every method is scored on the other; dim {DIM}; the seed "
             "is the method's (projection, walks); seconds include the search; CPU s = process CPU time. **Warm**: the "
             "method's compiled kernels already loaded in the process by a tiny call on karate club (as in the app's "
             f"server process or a grid worker); for FastRP the median of {FASTRP_RUNS} runs (each run listed). "
             "**Cold**: numba's start included (its typing registries, runtime and the cached kernels, paid once per "
             "process by either method; `import numba` itself, about 0.3-0.4 CPU s, comes with importing the engine and "
             "is in neither): for FastRP the first call in a fresh process, for node2vec its warm CPU s plus its start "
             "(the first minus the second tiny call in a fresh process). `--retune` keeps a node2vec row while "
             "engine/embedding/walks.py is unchanged (its measured date shows it); github and twitch_en stand in for "
             "the issue's unseen 7.6k-node social graph, which is not in ../shared: they were never used to choose "
             "anything; rows without a cold figure predate the warm/cold split (their CPU s: the first node2vec call "
             "in the process, and FastRP after it))", "",
             "| graph | method | seed | seconds | CPU s warm (load) | CPU s cold | CPU s of each warm run | Micro-F1 | "
             "Macro-F1 | chosen | measured |", "|---|---|---:|---:|---:|---:|---|---:|---:|---|---|"]
    graphs = list(dict.fromkeys(TUNING_GRAPHS + tuple(row["graph"] for row in rows)))
    methods = ["node2vec", "fastrp", "fastrp-tuned"]
    rows = sorted(rows, key=lambda r: (graphs.index(r["graph"]), r.get("seed", SEED), methods.index(r["method"])))
    for row in rows:
        chosen = row["chosen"]
        text = (f"{len(chosen['weights'])} powers, β {chosen['beta']}, normalised {chosen['normalize_powers']}, "
                f"{chosen['tuning']['criterion']} {chosen['tuning']['score']:.3f} over {chosen['tuning']['candidates']}"
                " candidates") if chosen else ""
        runs = " / ".join(f"{value:.2f}" for value in row.get("cpu_runs", []))
        cold = cold_cpu(row)
        cold = "—" if cold is None else f"{cold:.2f}" + (f" (start {row['start_cpu']:.2f})" if "start_cpu" in row else "")
        parts.append(f"| {row['graph']} | {row['method']} | {row.get('seed', SEED)} | {row['seconds']:.3f} | "
                     f"{row['cpu_seconds']:.2f} ({row['load']:.1f}) | {cold} | {runs} | {row['micro_f1']:.3f} | "
                     f"{row['macro_f1']:.3f} | {text} | {row.get('date', '')} |")
    parts.append("")
    for graph in dict.fromkeys(row["graph"] for row in rows):
        mean = {}
        for method in ("node2vec", "fastrp-tuned", "fastrp"):
            chosen = [row for row in rows if row["graph"] == graph and row["method"] == method]
            if chosen:
                mean[method] = {key: statistics.mean(row[key] for row in chosen)
                                for key in ("seconds", "cpu_seconds", "micro_f1")}
                colds = [cold_cpu(row) for row in chosen]
                mean[method]["cold"] = None if None in colds else statistics.mean(colds)
                mean[method]["n"] = len(chosen)
        if len(mean) < 3:
            continue
        slow, fast, plain = mean["node2vec"], mean["fastrp-tuned"], mean["fastrp"]
        ratio, wall_ratio = slow["cpu_seconds"] / fast["cpu_seconds"], slow["seconds"] / fast["seconds"]
        gap = slow["micro_f1"] - fast["micro_f1"]
        cost = fast["cpu_seconds"] / plain["cpu_seconds"]
        cold = (f"; cold (fresh process, both paying numba's start) {slow['cold'] / fast['cold']:,.0f}× "
                f"({fast['cold']:.2f} vs {slow['cold']:.1f} CPU s)") if fast["cold"] and slow["cold"] else ""
        how = "both warm" if slow["cold"] else "node2vec the first numba call in the process, FastRP after it"
        parts.append(f"- {graph} (mean of {fast['n']} seeds): tuned FastRP {ratio:,.0f}× less CPU than node2vec, {how} "
                     f"({fast['cpu_seconds']:.2f} vs {slow['cpu_seconds']:.1f} CPU s; wall {wall_ratio:,.0f}×, "
                     f"search included){cold}; Micro-F1 {fast['micro_f1']:.3f} vs {slow['micro_f1']:.3f} (gap "
                     f"{gap:+.3f}; defaults {plain['micro_f1']:.3f}); the tuned run cost {cost:.1f}× one default FastRP "
                     f"run (goal ≤ 20×): within 0.03 **{'reached' if gap <= 0.03 else 'not reached'}**, ≥ 100× "
                     f"(CPU and wall) **{'reached' if min(ratio, wall_ratio) >= 100 else 'not reached'}**.")
    parts.append(TUNING_NOTE)
    return parts


#: Stages of a tuned run for ``--tuning-profile``: the profiled function (file, name) of engine/embedding/fastrp.py.
PROFILE_STAGES = {"products (sparse × thin)": "product", "candidate scoring (ridge)": "score",
                  "candidate assembly: weighted sums of sampled rows": "_combine",
                  "candidate assembly: full-matrix sums (chosen, running sums)": "_accumulate",
                  "candidate assembly: row normalisation": "_row_normalize", "node order (reverse Cuthill–McKee)": "__init__"}


def tuning_profile(name: str = "facebook_pages", seed: int = SEED) -> dict:
    """Where a warm tuned FastRP run's CPU time goes, the product kernel against scipy, and numba's start.

    cProfile with a CPU-time clock over one warm ``tune=True`` run (stages as in :data:`PROFILE_STAGES`; the rest
    is the search's own lines: sampling rows, bookkeeping); the product kernel timed alone (min of 10 CPU
    timings) on a random float32 n × 128 matrix in the search's node order, against scipy's CSR × dense on the
    same matrix, and with every gathered row in L1 (column indices taken mod 16: the kernel's compute alone);
    a copy of an n × 128 float32 matrix gives the machine's streaming bandwidth; numba's start in fresh processes.
    """
    import cProfile
    import pstats
    import subprocess

    import scipy.sparse as sp

    from engine.embedding.fastrp import _Propagation  # the search's private product, timed alone

    graph = load_labelled(name)
    tuning = tuning_labels(graph)[0]
    warm_up("fastrp-tuned")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    embed(graph, "fastrp", dim=DIM, seed=seed, tune=True, labels=tuning)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    fastrp_file = str(Path(__file__).resolve().parent.parent / "engine" / "embedding" / "fastrp.py")

    def cumulative(function: str, caller: str | None = None) -> list:
        """[CPU s, calls] of a function of fastrp.py (only its calls from ``caller`` if given)."""
        found = [value for key, value in stats.items() if key[0] == fastrp_file and key[2] == function]
        if caller is None:
            return [sum(value[3] for value in found), sum(value[1] for value in found)]
        timings = [timing for value in found for key, timing in value[4].items() if key[2] == caller]
        return [sum(timing[3] for timing in timings), sum(timing[1] for timing in timings)]

    total = cumulative("compute")[0]
    stages = {stage: cumulative(function) for stage, function in PROFILE_STAGES.items()}
    stages["final column scaling"] = cumulative("_standardize", "search")
    stages["rest of the search"] = [total - sum(value[0] for value in stages.values()), 1]
    chain = _Propagation(graph.adjacency)
    x = np.random.default_rng(0).standard_normal((graph.n_nodes, DIM)).astype(np.float32)
    matrix = sp.csr_matrix((chain.values, chain.indices, chain.indptr), shape=(graph.n_nodes,) * 2)
    in_cache = chain.indices & np.int32(15)

    def best(call) -> float:
        call()
        timings = []
        for _ in range(10):
            cpu = time.process_time()
            call()
            timings.append(time.process_time() - cpu)
        return min(timings)

    kernel = best(lambda: chain.product(x))
    scipy_product = best(lambda: matrix @ x)
    chain.indices, gathered = in_cache, chain.indices
    compute_only = best(lambda: chain.product(x))
    chain.indices = gathered
    out = np.empty_like(x)
    copy = best(lambda: np.copyto(out, x))
    import_numba = subprocess.run([sys.executable, "-c", "import time\nc = time.process_time()\nimport numba\n"
                                   "print(time.process_time() - c)"], capture_output=True, text=True, check=True)
    rows_of_entries = np.repeat(np.arange(graph.n_nodes), np.diff(chain.indptr))
    band = float(np.median(np.abs(rows_of_entries - chain.indices)))
    return {"graph": name, "seed": seed, "total": total, "stages": stages, "nnz": int(chain.indices.size), "band": band,
            "n": graph.n_nodes, "kernel": kernel, "scipy": scipy_product, "compute_only": compute_only, "copy": copy,
            "copy_bytes": 2 * x.nbytes, "import_numba": float(import_numba.stdout.split()[-1]),
            "start": fresh_process("start_cost('fastrp-tuned')"), "load": os.getloadavg()[0],
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def profile_report(profile: dict | None) -> list[str]:
    if not profile:
        return []
    total, flops = profile["total"], 2 * profile["nnz"] * DIM
    floor = (2 * profile["n"] * DIM * 4 + profile["nnz"] * 8) / (profile["copy_bytes"] / profile["copy"])
    stages = "; ".join(f"{stage} {value:.3f} s ({value / total:.0%}{f', {calls} calls' if calls > 1 else ''})"
                       for stage, (value, calls) in profile["stages"].items())
    start = profile["start"]
    return ["", f"**Where a tuned run's time goes** (`/work/bin/quiet .venv/bin/python bench/embeddings.py --resume "
            f"--tuning-profile`: {profile['graph']}, dim {DIM}, seed {profile['seed']}, the tuning half of the labels; "
            f"cProfile with a CPU clock over one warm run; measured {profile['date']}, load {profile['load']:.1f})", "",
            f"- One warm tuned run: {total:.3f} CPU s: {stages}.",
            f"- The product kernel alone (n = {profile['n']:,}, {profile['nnz']:,} non-zeros, {DIM} float32 columns, "
            f"the search's node order, min of 10): {profile['kernel'] * 1e3:.1f} ms = "
            f"{flops / profile['kernel'] / 1e9:.1f} GFLOP/s; scipy's CSR × dense on the same matrix "
            f"{profile['scipy'] * 1e3:.1f} ms ({flops / profile['scipy'] / 1e9:.1f} GFLOP/s); the kernel with every "
            f"gathered row in L1 (column indices mod 16: its arithmetic alone) {profile['compute_only'] * 1e3:.1f} ms "
            f"({flops / profile['compute_only'] / 1e9:.1f} GFLOP/s). Roofline: streaming x, the output and the "
            f"indices once at the measured copy bandwidth ({profile['copy_bytes'] / profile['copy'] / 1e9:.1f} GB/s) "
            f"takes {floor * 1e3:.1f} ms, so the kernel spends most of its time gathering the {profile['nnz']:,} "
            f"neighbour rows ({DIM * 4} bytes each) from L2/L3: half of them lie more than {profile['band']:,.0f} rows "
            f"from their output row in the node order (± that many rows: {2 * profile['band'] * DIM * 4 / 2**20:.1f} "
            "MB), beyond this core's 512 KB L2 (AMD EPYC, Zen 3).",
            f"- numba's start, paid once per process by FastRP or node2vec: `import numba` {profile['import_numba']:.2f} "
            f"CPU s (with the engine's imports), then the first compiled call {start['first']:.2f} CPU s against "
            f"{start['second']:.3f} for the second (a tiny tuned run on karate club): {start['start']:.2f} CPU s of "
            "typing registries, numba's runtime and the cached kernels loaded."]


#: Where the tuned FastRP run's time goes, and why ≥ 100× is out of reach with this search (issue 11).
TUNING_NOTE = (
    "- This pass (issue 11, third pass; the search, its 48 candidates and their scores unchanged): the product kernel "
    "adds four neighbours' rows per pass over the output row (one load and store of the sum per four products instead "
    "of per product), and the q powers of both β run as one chain of products over 2 × 128 columns (the gathered rows "
    "serve both): 24 products instead of 28. The chosen values, every candidate's score and the vectors equal the "
    "former code's bit for bit (facebook_pages seeds 1–3, github, twitch_en, compared candidate by candidate). Per "
    "product on facebook_pages, interleaved runs in one process (CPU s, min of 5, load 3–5): 9–15 ms against 13–19 "
    "ms for the former kernel; the 256-column product about 8 % under two 128-column ones. The rows above do not "
    "show the gain in absolute terms: the same default FastRP run (scipy's product, code unchanged) took 0.14–0.19 "
    "CPU s at 02:57 and 0.26–0.32 now, so memory-bound work ran about 1.7× slower on this shared machine in this "
    "hour; against one default run the tuned run went from 5.3× to 4.3× (facebook_pages). Before this pass: 1.40 vs "
    "82.9 CPU s on facebook_pages (59×, node2vec the first numba call in the process), github 2.80 s against the "
    "former gensim node2vec's 279.9 s; github's node2vec row is now today's numba trainer (188.4 CPU s warm).")
#: Why ≥ 100× is not reached, from the profile and the rows (issue 11).
TUNING_LIMITS = (
    "- Why ≥ 100× is not reached (facebook_pages needs ≤ 0.77 CPU s against node2vec's 77.3, github ≤ 1.88, twitch_en "
    "≤ 0.14): the profile above. The products (about half the run) are bound by gathering neighbour rows from L2/L3, "
    "not by arithmetic: the kernel runs at a third of its own compute-only speed, and the other layouts tried were "
    "slower (column tiles of 8–64 columns in a blocks × n × width layout: 1.2–3× slower per product; 32- and 64-column "
    "blocks of the row-major matrix: 2–4× slower; reusing the output buffers: no change; software prefetch of the "
    "next rows' neighbours through an LLVM intrinsic: 10–15 % faster in some runs and not in others, not shipped). "
    "Scoring a candidate (standardise 4,000 sampled rows, a 2,000 × 128 Gram, a 128 × 128 solve, the prediction) "
    "costs about 2 ms with each piece under 1 ms, and the search scores 48 of them; the full-matrix sums and "
    "sampling are the rest. That fixed part is why twitch_en (7,126 nodes, where node2vec takes 14 s) is only 21×: "
    "100× there means ≤ 0.14 s, less than the 48 scorings alone. Reaching 100× needs a cheaper search, not cheaper "
    "steps: fewer candidates or depths (the deep stage is 20 of the 24 products), or smaller validation samples, "
    "each of which changes what is chosen; not done here (the brief: the same candidates' scores). Cold, both "
    "methods pay numba's start once per process (1.2–1.4 CPU s: typing registries, runtime and cached kernels; "
    "`import numba` comes with the engine's imports), which is 1.6–2× the tuned run itself; in the app the server "
    "process pays it once.")


#: The former hand-written torch skip-gram on twitch_en, defaults (issue 11): seconds with 2 threads, with one, and
#: with one while another process held that core.
TORCH_SKIPGRAM = {"2 threads": 28.0, "1 core": 77.0, "1 core, busy neighbour": 255.0}
#: The skip-gram row's goal (issue 11): seconds on one core, DeepWalk/node2vec defaults.
SKIPGRAM_GOAL = 20.0


def gensim_reference(graph: Graph, params: dict) -> tuple[np.ndarray, float]:
    """The reference trainer: our walks, then gensim's Word2Vec as the DeepWalk and node2vec reference code call it.

    sg=1 with 5 negatives (hs=0), gensim's defaults otherwise (sample 1e-3, window shrunk at random, alpha 0.025
    decaying to 1e-4), one worker thread; walks as lists of string tokens. Returns the vectors in node order and
    the wall seconds of walks + training (what our ``embed`` times).
    """
    from gensim.models import Word2Vec

    from engine.embedding.walks import random_walks

    start = time.perf_counter()
    walks = random_walks(graph, walks_per_node=params["walks_per_node"], walk_length=params["walk_length"],
                         p=params.get("p", 1.0), q=params.get("q", 1.0), seed=SEED)
    counts = np.bincount(walks[walks >= 0], minlength=graph.n_nodes)
    tokens = np.array([str(node) for node in range(graph.n_nodes)] + [""], dtype=object)  # -1 pads: out of vocabulary
    model = Word2Vec(vector_size=DIM, window=params["window"], min_count=0, sg=1, hs=0, negative=5, workers=1,
                     seed=SEED)
    model.build_vocab_from_freq(dict(zip(tokens[:-1].tolist(), counts.tolist())))
    sentences = tokens[walks].tolist()
    model.train(sentences, total_examples=len(sentences), epochs=1)
    vectors = model.wv.vectors[[model.wv.key_to_index[token] for token in tokens[:-1]]].astype(np.float64)
    return vectors, time.perf_counter() - start


def skipgram_rows() -> list[dict]:
    """DeepWalk and node2vec (defaults) on twitch_en pinned to core 0: ours alone and beside a busy loop on that
    core, and the gensim reference alone.

    The process is pinned with ``os.sched_setaffinity`` (numba's threads inherit it); the neighbour is a
    Python busy loop pinned to the same core, started before and stopped after each run. Our kernels are
    compiled (numba's cache) by a small warm-up run first, as any run after the first one finds them.
    """
    import subprocess

    from engine.embedding import Embedding

    graph = load_dataset("twitch_en")
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {0})
    rows = []
    try:
        embed(graph, "node2vec", dim=8, walks_per_node=1, walk_length=5, window=2, q=0.5, seed=SEED)  # compile
        for method, params in (("deepwalk", dict(WALKS)), ("node2vec", dict(WALKS, p=1.0, q=0.5))):
            for trainer, neighbour in (("numba", False), ("numba", True), ("gensim", False)):
                other = None
                if neighbour:
                    other = subprocess.Popen([sys.executable, "-c",
                                              "import os\nos.sched_setaffinity(0, {0})\nwhile True: pass"])
                    time.sleep(1.0)
                try:
                    log(f"twitch_en: {method} ({trainer}) on core 0{' beside a busy loop' if neighbour else ''}")
                    cpu = time.process_time()
                    if trainer == "numba":
                        embedding = embed(graph, method, dim=DIM, seed=SEED, **params)
                        seconds = embedding.seconds
                    else:
                        vectors, seconds = gensim_reference(graph, params)
                        embedding = Embedding(vectors=vectors, node_ids=graph.node_ids, method=method)
                    cpu = time.process_time() - cpu
                    load = os.getloadavg()[0]
                finally:
                    if other is not None:
                        other.kill()
                        other.wait()
                micro, macro = node_classification(embedding, graph.labels, train_fractions=(TRAIN_FRACTION,),
                                                   n_repeats=3, seed=SEED).at(TRAIN_FRACTION)
                scores = reconstruction_map(graph, embedding, max_nodes=MAX_NODES, seed=SEED)
                rows.append({"graph": graph.name, "method": method, "trainer": trainer, "neighbour": neighbour,
                             "seconds": seconds, "cpu_seconds": cpu, "load": load, "micro_f1": micro,
                             "macro_f1": macro, "map": list(scores.map),
                             "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
                log(f"  {seconds:.1f} s (CPU {cpu:.1f} s), F1 {micro:.3f}/{macro:.3f}, "
                    f"mAP {np.round(scores.map, 3).tolist()}")
    finally:
        os.sched_setaffinity(0, previous)
    return rows


def skipgram_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    parts = ["", "**Skip-gram on one core** (`--skipgram`, run as `/work/bin/quiet .venv/bin/python bench/embeddings.py "
             "--resume --skipgram`: twitch_en, 7,126 nodes / 35,324 edges, the closest shipped graph to the issue's "
             "7.6k / 27.8k one, which is not in ../shared; defaults: 10 walks of 40 nodes, window 5, 5 negatives, 1 "
             "epoch, dim 128, seed 1, node2vec p = 1, q = 0.5; the process pinned to core 0, alone or beside a busy "
             "loop pinned to core 0; seconds = wall time of the walks and the training; trainer numba = ours "
             "(engine/embedding/walks.py), gensim = gensim 4.4 Word2Vec as the DeepWalk/node2vec reference code call it "
             "(sg=1, 5 negatives, sample 1e-3, one worker) on the same walks; Micro/Macro-F1 as above, mAP@1 = RESTORE "
             f"over {MAX_NODES} query nodes)", "",
             "| method | trainer | core 0 | seconds | CPU s (load) | Micro-F1 | Macro-F1 | mAP@1 | measured |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        parts.append(f"| {row['method']} | {row['trainer']} | {'busy neighbour' if row['neighbour'] else 'alone'} | "
                     f"{row['seconds']:.1f} | {row['cpu_seconds']:.1f} ({row['load']:.1f}) | {row['micro_f1']:.3f} | "
                     f"{row['macro_f1']:.3f} | {row['map'][0]:.3f} | {row['date']} |")
    parts.append("")
    key = {(row["method"], row["trainer"], row["neighbour"]): row for row in rows}
    for method in dict.fromkeys(row["method"] for row in rows):
        ours, busy, reference = (key.get((method, "numba", False)), key.get((method, "numba", True)),
                                 key.get((method, "gensim", False)))
        if not (ours and busy and reference):
            continue
        fast = ours["seconds"] <= SKIPGRAM_GOAL and busy["seconds"] <= 2 * SKIPGRAM_GOAL
        same = ours["micro_f1"] >= reference["micro_f1"] - 0.005
        parts.append(f"- {method}: {ours['seconds']:.1f} s alone on one core (goal ≤ {SKIPGRAM_GOAL:.0f} s), "
                     f"{reference['seconds'] / ours['seconds']:.1f}× faster than gensim ({reference['seconds']:.1f} s); "
                     f"beside a busy loop {busy['seconds']:.1f} s = {busy['seconds'] / ours['seconds']:.1f}× its time "
                     f"alone (a fair half of the core is 2×; the former torch trainer: "
                     f"{TORCH_SKIPGRAM['1 core']:.0f} s alone, {TORCH_SKIPGRAM['1 core, busy neighbour']:.0f} s beside it) "
                     f"**{'reached' if fast else 'not reached'}**; Micro-F1 {ours['micro_f1']:.3f} vs gensim's "
                     f"{reference['micro_f1']:.3f}, mAP@1 {ours['map'][0]:.3f} vs {reference['map'][0]:.3f} "
                     f"**{'no lower' if same else 'lower'}** (within 0.005, one split's noise).")
    parts.append("- The trainer is word2vec's SGNS in one serial numba kernel (float32; an alias table for the "
                 "unigram^0.75 noise; word2vec's 64-bit LCG; gensim's ±1/dim initialisation and its skipped steps "
                 "beyond a score of ±6), called 20 times an epoch for progress. gensim's `corpus_file` mode (walks "
                 "written as text, trained without the job queue) was measured first: deepwalk 31.9 CPU s (write "
                 "included) against 34.4 for the list mode with one call and 10,000-word batches, and 34.6 with "
                 "100,000-word batches, Micro-F1 0.582 / 0.581 / 0.582 (`busy`, core 0 shared with other jobs, load "
                 "rising from 1 to 20, so CPU s only): no gensim setting of the same algorithm came near the goal.")
    return parts


#: SDNE settings of the speed study on facebook_pages (issue 11): fewer, larger batches and larger steps.
SDNE_GRID = (
    {"batch_size": 2048, "learning_rate": 0.003, "n_epochs": 10},
    {"batch_size": 2048, "learning_rate": 0.01, "n_epochs": 5, "sampled_columns": 512},
    {"batch_size": 4096, "learning_rate": 0.01, "n_epochs": 10, "sampled_columns": 256},
    {"batch_size": 256, "learning_rate": 0.003, "n_epochs": 2},
)
#: Settings run with the cheaper step (X·G backward, one A·Y product, fused Adam); ``--sdne-defaults`` adds the
#: method's defaults (880 steps).
SDNE_FAST_GRID = (
    {"batch_size": 256, "learning_rate": 0.003, "n_epochs": 2},
    {"batch_size": 256, "learning_rate": 0.006, "n_epochs": 2},
    {"batch_size": 512, "learning_rate": 0.006, "n_epochs": 4},
    {"batch_size": 512, "learning_rate": 0.01, "n_epochs": 3},
)
SDNE_DEFAULTS = {"batch_size": 256, "learning_rate": 0.001, "n_epochs": 10}
#: The first-order weight α at the 176-step budget (``--sdne-alpha``; the other rows use the default α 30).
SDNE_ALPHA_GRID = (
    {"batch_size": 256, "learning_rate": 0.003, "n_epochs": 2, "alpha": 100.0},
    {"batch_size": 256, "learning_rate": 0.003, "n_epochs": 2, "alpha": 150.0},
    {"batch_size": 256, "learning_rate": 0.006, "n_epochs": 2, "alpha": 100.0},
)
#: The step of the rows measured now (rows without it: the former step, an embedding bag's backward, 0.85 CPU s).
SDNE_STEP = "X·G"
#: The former full loss (whole rows decoded) on facebook_pages, defaults, seed 1: seconds and mAP@1.
SDNE_FULL_LOSS = (652.2, 0.319)


def sdne_rows(done: list[dict], grid: tuple[dict, ...]) -> list[dict]:
    """SDNE on facebook_pages for each setting of ``grid`` not in ``done`` with today's step: CPU s, wall s, mAP."""
    graph = load_dataset("facebook_pages")
    rows = []
    for params in grid:
        if any(row["params"] == params and row.get("step") == SDNE_STEP for row in done):
            continue
        log(f"facebook_pages: sdne {params}")
        cpu = time.process_time()
        embedding = embed(graph, "sdne", dim=DIM, seed=SEED, **params)
        cpu = time.process_time() - cpu
        scores = reconstruction_map(graph, embedding, max_nodes=MAX_NODES, seed=SEED)
        rows.append({"params": params, "steps": params["n_epochs"] * -(-graph.n_nodes // params["batch_size"]),
                     "seconds": embedding.seconds, "cpu_seconds": cpu, "load": os.getloadavg()[0],
                     "map": list(scores.map), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "step": SDNE_STEP})
        log(f"  {embedding.seconds:.1f} s (CPU {cpu:.1f} s), mAP {np.round(scores.map, 3).tolist()}")
    return rows


def sdne_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    parts = ["", "**SDNE: fewer steps against quality** (`/work/bin/quiet .venv/bin/python bench/embeddings.py --resume "
             f"--sdne-grid [--sdne-defaults] [--sdne-alpha]`: facebook_pages, dim {DIM}, hidden 256, α in the "
             f"column, seed {SEED}, the sampled "
             "loss with the first-order term over every edge at each step; step \"former\": the first layer's "
             "gradient by an embedding bag's backward (rows measured with `busy`), \"X·G\": the cheaper step "
             "below; the former full loss: "
             f"{SDNE_FULL_LOSS[0]:.0f} s, mAP@1 {SDNE_FULL_LOSS[1]:.3f})", "",
             "| step | α | batch | learning rate | epochs | sampled columns | steps | CPU s (load) | CPU s a step | "
             "seconds | mAP@1 | mAP@2 | mAP@3 | measured |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in sorted(rows, key=lambda r: (r.get("step", "former") == SDNE_STEP, r["steps"])):
        p = row["params"]
        parts.append(f"| {row.get('step', 'former')} | {p.get('alpha', 30.0):g} | {p['batch_size']} | "
                     f"{p['learning_rate']:g} | {p['n_epochs']} | "
                     f"{p.get('sampled_columns', 1024)} | {row['steps']} | {row['cpu_seconds']:.0f} ({row['load']:.1f}) "
                     f"| {row['cpu_seconds'] / row['steps']:.2f} | {row['seconds']:.0f} | "
                     + " | ".join(f"{v:.3f}" for v in row["map"]) + f" | {row['date']} |")
    fast = [row for row in rows if row["seconds"] <= 60.0]
    best = max(fast, key=lambda r: r["map"][0]) if fast else None
    reached = best is not None and best["map"][0] >= SDNE_FULL_LOSS[1]
    parts += ["", "- Goal ≤ 60 s at mAP@1 ≥ 0.319: " + (
        f"the best setting within 60 s reaches mAP@1 {best['map'][0]:.3f} ({best['seconds']:.0f} s, {best['steps']} "
        f"steps, {best.get('step', 'former')} step)" if best else "no setting ran within 60 s")
        + f" **{'reached' if reached else 'not reached'}**."]
    today = sorted((row for row in rows if row.get("step") == SDNE_STEP), key=lambda r: r["seconds"])
    frontier = [row for k, row in enumerate(today) if all(row["map"][0] > r["map"][0] for r in today[:k])]
    if frontier:
        per_step = statistics.median(row["cpu_seconds"] / row["steps"] for row in today)
        parts.append(f"- Frontier of the {SDNE_STEP} step (wall seconds → mAP@1, each better than every faster "
                     "setting): " + ", ".join(f"{row['seconds']:.0f} s → {row['map'][0]:.3f} ({row['steps']} steps, "
                                               f"α {row['params'].get('alpha', 30.0):g}, "
                                               f"lr {row['params']['learning_rate']:g})" for row in frontier)
                     + f"; the former full loss: {SDNE_FULL_LOSS[0]:.0f} s → {SDNE_FULL_LOSS[1]:.3f}. At a median "
                     f"{per_step:.2f} CPU s a step, 60 s holds about {60 / per_step:.0f} steps; 0.319 needs the "
                     "defaults' 880 steps (0.311 at α 30, 0.319 at α 100: see the defaults below), so the goal "
                     "needs a step at least "
                     f"{per_step * 880 / 60:.0f}× cheaper than one that encodes every node: a sampled first-order "
                     "term that trains (see below).")
    parts.append(SDNE_FRONTIER_NOTE)
    parts.append(SDNE_LEVERS_NOTE)
    return parts


#: Where the SDNE step's time goes and what was tried to make it cheaper (issue 11).
SDNE_FRONTIER_NOTE = (
    "- The X·G step (same loss, same gradient: checked against the full loss's on a whole graph by "
    "`test_sdne_batch_loss_is_the_full_loss_on_the_whole_graph`): the first layer's gradient Xᵀ·G is one more sparse "
    "product X·G (X is symmetric) instead of an embedding bag's backward (652 ms of a 0.85 s step under the torch "
    "profiler); the first-order term takes one product A·Y without gradient and restores the gradient 2(D − A)Y from "
    "it; ‖W‖² is a dot product; fused Adam. Profiled (torch profiler, one thread, load 5–7): about 0.35 CPU s a "
    "step, of which the three sparse products over the 341,825 non-zeros (256, 256 and 128 columns) are about 45 %, "
    "the dense n × 256 × 128 layer forward and backward about 25 %, and elementwise passes over n × 256 and Adam "
    "over 11.5 M weights the rest. That is the floor of a step that encodes every node. "
    "Tried and dropped (twitch_en, defaults, seed 1, mAP@1): the first-order term over a sampled node set "
    "instead of every edge, with the correct scale (n/|F|, its gradient 2 Σ_j a_ij (y_i − z_j) per sampled node, "
    "z = neighbour encodings kept in a cache refreshed by each batch, exact value and gradient when the sample is "
    "every node), sparse gradients with SparseAdam for the two n × 256 layers, and the weight decay of the batch's "
    "rows: 0.010–0.024 for F = the batch (α 30, 1 and 0.1; with dense Adam or SparseAdam, with the cache or with "
    "fresh neighbour encodings) and 0.021–0.022 for |F| = 1,024 of 7,126, against 0.272 for F = every node (same "
    "code, dense Adam; the former loss: 0.269). At α 30 and 1 the embedding collapses toward a common point (mean "
    "norm 3.6–4.6, mean spread around it 0.02–0.11); at α 0.1 it does not (spread 0.95) and still misses the "
    "neighbours. Sampling changes only the variance of the gradient, so the likely cause is Adam's per-weight "
    "normalisation: with every edge, the first-order pull reaches each weight at every step and is normalised "
    "against the reconstruction's sparse bursts; sampled, both arrive in the same bursts, so the balance between "
    "them differs from the full loss's. Not established; a sampled "
    "first-order term would need α, the learning rate or the optimiser retuned for it; not done in this session. "
    "Another lever, measured but not shipped: the trained vectors sit far from the origin (mean norm 26 on twitch_en "
    "at the defaults, 31 on facebook_pages after 176 steps, against a mean distance of 0.01 from their mean; the "
    "first-order term is blind to a common offset, cosine similarity is not). Subtracting the mean vector raises "
    "mAP@1 from 0.271 to 0.308 on twitch_en (defaults, 38 s) but only from 0.232 to 0.237 on facebook_pages (176 "
    "steps, lr 0.006, 67 s); measured with a script outside this repository that embeds with seed 1 and scores "
    "the raw and the centred vectors with `reconstruction_map(graph, vectors, max_nodes=2000, seed=1)` (twitch_en "
    "under busy, load 1.2, 2026-12-02 02:30 UTC; facebook_pages under quiet, load 1.1, 02:45 UTC). Shipping it changes the method's output: it needs the F1 of both "
    "graphs first.")


#: The levers of the 2026-12-02 04:00-05:30 UTC session (issue 11): what each gave, and why the goal stays out of reach.
SDNE_LEVERS_NOTE = (
    "- Levers measured after the X·G step (seed 1; mAP@1 is the table's RESTORE score over 2,000 query nodes "
    "unless a trajectory's 600; CPU-time runs under `busy`, load 1–9, with a script outside this repository that "
    "calls `embed(graph, \"sdne\", dim=128, seed=1, **params)`, except the trajectories). "
    "**α** (the first-order weight) at the 176-step budget on facebook_pages: α 100 gives 0.267 at lr 0.003 and "
    "0.251 at lr 0.006, α 150 0.275 at lr 0.003, α 300 0.112, against 0.214 / 0.232 with α 30 (rows above); on "
    "twitch_en (168 steps, lr 0.001) α 100 gives 0.264 against 0.246 (α 30) and 0.200 (α 10). "
    "**Learning-rate schedule** (linear warm-up over 10 % of the steps, then cosine decay to 0): facebook_pages, "
    "α 100, peak 0.006, 176 steps: 0.128 (constant 0.006: 0.251); twitch_en, α 30, peak 0.006, 168 steps: 0.152 "
    "(constant 0.006: 0.157, constant 0.001: 0.246, 0.0005: 0.225, 0.002: 0.199): no schedule at a higher peak "
    "rate reached what a low constant rate reaches. "
    "**Centring and the scale of the output**: subtracting the mean at the end changes twitch_en mAP@1 (168 "
    "steps) from 0.246 to 0.182 at α 30 and from 0.264 to 0.302 at α 100, facebook_pages (α 100, 176 steps) from "
    "0.267 to 0.268: not a gain on both graphs. Standardising the encoder output inside the loss (each column "
    "centred and scaled to unit variance over every node at every step, so the first-order term can no longer be "
    "lowered by shrinking the codes): twitch_en, 168 steps, lr 0.003: 0.044 / 0.060 / 0.062 for α 0.03 / 1 / 30; "
    "with unit-variance columns the first-order term is a Laplacian quadratic form without the orthogonality "
    "constraint of Laplacian eigenmaps, whose minimisers put every column on the same few smooth directions. "
    "**Initialisation**: the first layer scaled so that its pre-activations have unit variance on our sparse rows "
    "(nn.Linear's bound 1/√n assumes dense inputs; untrained vectors then give mAP@1 0.009 either way): 0.020 "
    "(gain 1) and 0.122 (gain 0.3) against 0.264 with the default (twitch_en, α 100, lr 0.001, 168 steps); the "
    "output bias started at the logit of the best constant output under the β-weighted loss (Σb²x / Σb² = 0.0167 on "
    "facebook_pages) starts the loss at 397 instead of 5,792 but does not speed the rise of mAP@1 (trajectory "
    "below: 0.274 at 264 steps). **hidden 128** halves the step (0.18 CPU s on facebook_pages) but gives 0.081 at "
    "176 steps (α 100, lr 0.003; 0.231 at best, at 352 steps, with the prior bias). **Two threads** (`quiet`, "
    "median of 10 facebook_pages steps after 2 warm-up steps, a script outside this repository, 2026-12-02 04:29 "
    "UTC, load 3.2 at the start): 1 thread "
    "0.35 and 0.45 s a step, 2 threads 0.88 and 0.95 s, CPU s equal to wall s: no parallel gain while jobs outside "
    "busy/quiet (a browser test, a long bench) hold the other core, and a 2.5× loss; kept single-threaded. "
    "**Why quality does not come in fewer steps** (`/work/bin/busy .venv/bin/python bench/sdne_trajectory.py "
    "facebook_pages --alpha 100 --learning-rate 0.003 --steps 352`, 2026-12-02 04:37 UTC, load 1.2; mAP@1 over "
    "600 nodes at steps 22, 88, 176, 198, 220, 242, 264, 352): 0.118, 0.195, 0.266, 0.272, 0.196, 0.083, 0.077, "
    "0.144, with the loss at 5,792, 5,547, 5,253, 5,200, 4,977, 4,059, 3,347, 700 and the vectors' mean distance "
    "from their mean at 0.063, 0.013, 0.009, 0.009, 0.009, 0.067, 0.027, 0.010. mAP@1 rises while the first-order "
    "term pulls the codes together and the reconstruction still outputs about 0.5 everywhere; when the decoder "
    "learns to output about 0 at the non-edges (the loss falls from 5,200 to 700), the codes are pushed apart and "
    "mAP@1 falls to 0.08, then recovers slowly. The useful variation of the codes is about 0.01 wide (the "
    "first-order term shrinks it and the decoder must amplify it), the same scale as Adam's per-weight steps at lr "
    "0.003, so a short run at a high rate oscillates (α 100, lr 0.003: 0.267 at 176 steps, 0.090 at 264) and only a "
    "long run at a low rate (880 steps at lr 0.001: 0.311) is stable. With the prior bias (`--prior-bias`, "
    "04:47 UTC, load 2.2) the dip moves earlier (0.129 at 110, 0.084 at 154, 0.158 at 198, 0.274 at 264); with "
    "`--hidden 128 --prior-bias --steps 396` (04:54 UTC, load 1.1) mAP@1 peaks at 0.231 (352) and falls to 0.127 "
    "(396). The goal needs a step several times cheaper than one that encodes every node (at most about 170 steps "
    "of 0.35 s fit in 60 s) or a formulation whose codes keep their scale; neither was found in this session. "
    "**At the defaults** (880 steps on facebook_pages, 280 on twitch_en, lr 0.001; mAP@1 raw and centred, "
    "Micro/Macro-F1 as in the main table, CPU s; `busy`, 2026-12-02 04:59–05:18 UTC, load 1.2–2.2): "
    "facebook_pages α 100: 0.319 (centred 0.322), F1 0.476 / 0.400, 375 CPU s; α 30: 0.311 (centred 0.288), "
    "F1 0.503 / 0.426, 340 CPU s. twitch_en α 100: 0.270 (centred 0.328), F1 0.535 / 0.502, 39 CPU s; α 30: 0.271 "
    "(centred 0.308), F1 0.539 / 0.509, 41 CPU s. α 100 with the output centred raises mAP@1 on both graphs "
    "(0.271 → 0.328, 0.311 → 0.322) but lowers Micro-F1 (−0.004, −0.027; centring alone leaves F1 unchanged, the "
    "classifier standardises its features); centring alone lowers facebook_pages mAP@1 (0.311 → 0.288). Neither "
    "is shipped: the defaults stay α 30, uncentred, one thread. The sampled loss at α 100 reaches the former full "
    "loss's 0.319 on facebook_pages in 375 CPU s instead of 652 s: the quality, not the 60 s.")


#: Numbers of powers of the power study (the reference uses 4).
STUDY_POWERS = (1, 2, 4, 6, 8, 12, 16, 24, 32)


def power_rows(name: str) -> list[dict]:
    """FastRP's Micro-F1 against its number of powers k (the k-th power alone, row-normalised, dim 128).

    Scored like the tuning comparison: the labels of the half that the tuning search sees (split seed
    TUNING_SPLIT_SEED), logistic regression at 50 % train, 3 splits; β in {0, −0.5}.
    """
    from engine.embedding import fastrp

    graph = load_labelled(name)
    if graph is None:
        return []
    tuning = tuning_labels(graph)[0]
    rows = []
    for beta in (0.0, -0.5):
        scores = {}
        for k in STUDY_POWERS:
            embedding = fastrp(graph, dim=DIM, weights=(0.0,) * (k - 1) + (1.0,), beta=beta, normalize_powers=True,
                               seed=SEED)
            scores[k] = node_classification(embedding, tuning, train_fractions=(TRAIN_FRACTION,), n_repeats=3,
                                            seed=SEED).at(TRAIN_FRACTION)[0]
        rows.append({"graph": name, "beta": beta, "micro_f1": {str(k): v for k, v in scores.items()},
                     "load": os.getloadavg()[0]})
        log(f"{name} β {beta}: {scores}")
    return rows


def power_report(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    parts = ["", "**FastRP against its number of powers** (`--powers`: the k-th power alone, row-normalised, dim "
             f"{DIM}, seed {SEED}; Micro-F1 on the tuning half of the labels, logistic regression at 50 % train, 3 "
             "splits; the reference weights use 4 powers)", "",
             "| graph | β | " + " | ".join(f"k = {k}" for k in STUDY_POWERS) + " |",
             "|---|---:|" + "---:|" * len(STUDY_POWERS)]
    for row in rows:
        parts.append(f"| {row['graph']} | {row['beta']:g} | "
                     + " | ".join(f"{row['micro_f1'][str(k)]:.3f}" for k in STUDY_POWERS) + " |")
    return parts


def table(rows: list[dict]) -> str:
    lines = ["| graph | method | dim | seconds | CPU s (load) | peak MB | mAP@1 | mAP@2 | mAP@3 | Micro-F1 | Macro-F1 |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    graph_order = list(dict.fromkeys(graph for graph, _ in QUEUE))
    method_order = list(METHOD_PARAMS)
    for row in sorted(rows, key=lambda r: (graph_order.index(r["graph"]) if r["graph"] in graph_order else -1,
                                           method_order.index(r["method"]))):
        maps = " | ".join(f"{value:.3f}" for value in row["map"])
        cpu = f"{row['cpu_seconds']:.2f} ({row['load']:.0f})" if "cpu_seconds" in row else "—"
        lines.append(f"| {row['graph']} | {row['method']} | {row.get('dim', DIM)} | {row['seconds']:.3f} | {cpu} | {row['peak_mb']:.0f} | {maps} | "
                     f"{row['micro_f1']:.3f} | {row['macro_f1']:.3f} |")
    return "\n".join(lines)


#: Order of the full run: the targets first, then the remaining methods (the slow ones last).
QUEUE = [("twitch_en", m) for m in ("fastrp", "hope", "laplacian", "node2vec")] + \
        [("facebook_pages", m) for m in ("fastrp", "hope", "laplacian", "node2vec")] + \
        [("twitch_en", "deepwalk"), ("twitch_en", "sdne"), ("facebook_pages", "sdne"), ("facebook_pages", "deepwalk")] + \
        [(g, "fastrp-512") for g in ("facebook_pages", "twitch_en")] + \
        [(g, "node2vec-80") for g in ("facebook_pages", "twitch_en")]
ROWS = Path(__file__).resolve().parent / "embeddings_rows.json"
#: The one-core skip-gram rows (``--skipgram``), kept in ROWS beside the others.
SKIPGRAM: list[dict] = []
#: The SDNE speed-study rows (``--sdne-grid``), kept in ROWS too.
SDNE_ROWS: list[dict] = []
#: The BlogCatalog split-by-split rows (``--blogcatalog-spread``), kept in ROWS too.
SPREAD: list[dict] = []
#: The profile of a tuned FastRP run (``--tuning-profile``), kept in ROWS too.
PROFILE: dict = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="karate club only; RESULTS.md is not written")
    parser.add_argument("--resume", action="store_true",
                        help=f"keep the rows already in {ROWS.name} and run only the missing ones")
    parser.add_argument("--report-only", action="store_true", help=f"rewrite the section from {ROWS.name}")
    parser.add_argument("--tuning", action="store_true", help="also run the FastRP tune=True comparison")
    parser.add_argument("--sdne-grid", action="store_true", help="also run SDNE's speed study on facebook_pages")
    parser.add_argument("--sdne-defaults", action="store_true", help="with --sdne-grid: also SDNE's defaults")
    parser.add_argument("--sdne-alpha", action="store_true", help="with --sdne-grid: also α 100 and 150 at 176 steps")
    parser.add_argument("--tuning-graphs", nargs="+", default=list(TUNING_GRAPHS), help="graphs of --tuning")
    parser.add_argument("--seeds", nargs="+", type=int, default=[SEED], help="method seeds of --tuning")
    parser.add_argument("--retune", action="store_true",
                        help="with --tuning: measure the FastRP rows again, keeping each node2vec row whose source "
                             "(engine/embedding/walks.py) is unchanged")
    parser.add_argument("--tuning-profile", action="store_true",
                        help="also profile one warm tuned FastRP run on facebook_pages (stages, kernel, numba's start)")
    parser.add_argument("--powers", action="store_true", help="also run FastRP's F1 against its number of powers")
    parser.add_argument("--blogcatalog-spread", action="store_true",
                        help="also score FastRP on BlogCatalog (reference setting) split by split: mean and sd")
    parser.add_argument("--spread-variants", nargs="+", choices=SPREAD_VARIANTS, default=["ours/scaled"],
                        help="with --blogcatalog-spread: the embedding/protocol variants to score")
    parser.add_argument("--spread-splits", type=int, default=SPREAD_SPLITS,
                        help="with --blogcatalog-spread: split seeds of each variant's first projection seed")
    parser.add_argument("--redo-blogcatalog", action="store_true",
                        help="measure the BlogCatalog reference-setting row again (timed: run it under quiet)")
    parser.add_argument("--redo-walks", action="store_true",
                        help="re-measure the DeepWalk/node2vec rows of the main table (after a change of their "
                             "trainer; --tuning --retune does it for the tuning rows)")
    parser.add_argument("--redo-sdne", action="store_true",
                        help="re-measure the SDNE rows of the main table (after a change of its loss or defaults)")
    parser.add_argument("--skipgram", action="store_true",
                        help="also time DeepWalk/node2vec on one core, alone and beside a busy loop (replaces those rows)")
    args = parser.parse_args()
    if args.quick:
        graph = load_dataset("karate_club")
        rows = [run_method(graph, m, dict(METHOD_PARAMS[m])) for m in METHOD_PARAMS if m not in ("hope", "laplacian") and "-" not in m]
        print(report(rows, None))
        return
    saved = json.loads(ROWS.read_text()) if ROWS.exists() and (args.resume or args.report_only) else {}
    rows, reference, tuned = saved.get("rows", []), saved.get("blogcatalog"), saved.get("tuning", [])
    powers = saved.get("powers", [])
    global SKIPGRAM, SDNE_ROWS
    SKIPGRAM = saved.get("skipgram", [])
    SDNE_ROWS = saved.get("sdne_grid", [])
    SPREAD[:] = saved.get("blogcatalog_spread", [])
    PROFILE.update(saved.get("tuning_profile") or {})
    if not args.report_only:
        if args.blogcatalog_spread:
            SPREAD[:] = blogcatalog_spread(SPREAD, args.spread_variants, args.spread_splits)
            write_section("embeddings", report(rows, reference, tuned, powers))
        if args.sdne_grid:
            SDNE_ROWS += sdne_rows(SDNE_ROWS, SDNE_FAST_GRID + ((SDNE_DEFAULTS,) if args.sdne_defaults else ())
                                   + (SDNE_ALPHA_GRID if args.sdne_alpha else ()))
            _save(rows, reference, tuned, powers)
        if args.tuning_profile:
            PROFILE.clear()
            PROFILE.update(tuning_profile())
            _save(rows, reference, tuned, powers)
        if args.skipgram:
            SKIPGRAM = skipgram_rows()
            _save(rows, reference, tuned, powers)
        redone = (("deepwalk", "node2vec", "node2vec-80") if args.redo_walks else ()) + (
            ("sdne",) if args.redo_sdne else ())
        rows = [row for row in rows if row["method"] not in redone]  # the queue below measures them again
        if reference is None or args.redo_blogcatalog:
            reference = blogcatalog()
            _save(rows, reference, tuned, powers)
        for name in TUNING_GRAPHS if args.powers else ():
            if not any(row["graph"] == name for row in powers):
                powers += power_rows(name)
                _save(rows, reference, tuned, powers)
                write_section("embeddings", report(rows, reference, tuned, powers))
        for name, seed in ((g, seed) for g in args.tuning_graphs for seed in args.seeds) if args.tuning else ():
            mine = [row for row in tuned if row["graph"] == name and row.get("seed", SEED) == seed]
            if args.retune or not mine:
                reuse = next((row for row in mine if row["method"] == "node2vec"), None)
                tuned = [row for row in tuned if row not in mine] + tuning_rows(name, seed, reuse)
                _save(rows, reference, tuned, powers)
                write_section("embeddings", report(rows, reference, tuned, powers))
        graphs = {}
        for name, method in QUEUE:
            if any(r["graph"] == name and r["method"] == method for r in rows):
                continue
            graphs.setdefault(name, load_dataset(name))
            rows.append(run_method(graphs[name], method, dict(METHOD_PARAMS[method])))
            _save(rows, reference, tuned, powers)
            write_section("embeddings", report(rows, reference, tuned, powers))
    markdown = report(rows, reference, tuned, powers)
    print(markdown)
    write_section("embeddings", markdown)


def _save(rows: list[dict], reference: dict | None, tuned: list[dict] | None = None,
          powers: list[dict] | None = None) -> None:
    ROWS.write_text(json.dumps({"rows": rows, "blogcatalog": reference, "tuning": tuned or [], "powers": powers or [],
                                "skipgram": SKIPGRAM, "sdne_grid": SDNE_ROWS, "blogcatalog_spread": SPREAD,
                                "tuning_profile": PROFILE},
                               indent=1) + "\n")


def _save_spread(spread: list[dict]) -> None:
    """Store the BlogCatalog spread rows in ROWS, keeping everything else there."""
    saved = json.loads(ROWS.read_text()) if ROWS.exists() else {}
    saved["blogcatalog_spread"] = spread
    ROWS.write_text(json.dumps(saved, indent=1) + "\n")


def report(rows: list[dict], reference: dict | None, tuned: list[dict] | None = None,
           powers: list[dict] | None = None) -> str:
    parts = [
        f"Command: `.venv/bin/python bench/embeddings.py`. dim {DIM}, seed {SEED}; mAP = RESTORE reconstruction "
        f"(cosine, within k hops) over a seeded sample of {MAX_NODES} query nodes; Micro/Macro-F1 = logistic "
        f"regression, {TRAIN_FRACTION:.0%} train, mean of 3 splits. DeepWalk/node2vec: 10 walks of 40 nodes per node, "
        "window 5, 5 negatives, 1 epoch (node2vec p = 1, q = 0.5); node2vec-80: the spec's 10 walks of 80 nodes, "
        "window 10; SDNE: 256 hidden, 10 epochs, batch 256, α 30, linear embedding layer, the sampled mini-batch "
        "loss (rows without CPU s: the former full loss, `--redo-sdne` remeasures; see the SDNE note below); FastRP: the reference notebook's weights "
        "(1, 1, 7.81, 45.28), β = −0.628, s = √n; fastrp-512: dim 512, weights (0, 1, 1, 1), β = 0, per-power L2 "
        "normalisation (picked on facebook_pages among ten settings, with another split seed); HOPE: b = 0.5/ρ(A). "
        "Seconds = embedding only; the machine's 2 cores were shared with other jobs, so times vary up to ~10× between runs (node2vec on twitch_en took 121 s on a busy machine, 12 s on an idle one); the FastRP and node2vec rows compared below were measured minutes apart on an idle machine.",
        "",
        table(rows),
        "",
    ]
    if any("cpu_seconds" not in row for row in rows):
        parts += ["Rows without CPU s predate the CPU column (a DeepWalk/node2vec row without it is the former torch "
                  "trainer's); delete them from bench/embeddings_rows.json and run `--resume` to remeasure (DeepWalk/"
                  "node2vec rows with CPU s: the numba trainer, `--redo-walks table`).", ""]
    missing = [f"{method} on {graph}" for graph, method in QUEUE
               if rows and not any(r["graph"] == graph and r["method"] == method for r in rows)]
    if missing:
        parts += [f"Not measured yet (run `--resume` to add them): {', '.join(missing)}.", ""]
    parts += [
        "**Targets**",
        "",
    ]
    by_key = {(row["graph"], row["method"]): row for row in rows}
    pairs = [("fastrp", "node2vec"), ("fastrp-512", "node2vec"), ("fastrp", "node2vec-80"), ("fastrp-512", "node2vec-80")]
    for graph, (fast_name, slow_name) in ((g, p) for g in dict.fromkeys(row["graph"] for row in rows) for p in pairs):
        fast, slow = by_key.get((graph, fast_name)), by_key.get((graph, slow_name))
        if fast and slow:
            ratio = slow["seconds"] / fast["seconds"]
            gap = slow["micro_f1"] - fast["micro_f1"]
            reached = ratio >= 100 and gap <= 0.03
            parts.append(f"- {graph}: {fast_name} {ratio:,.0f}× faster than {slow_name} ({fast['seconds']:.3f} s vs "
                         f"{slow['seconds']:.1f} s), Micro-F1 {fast['micro_f1']:.3f} vs {slow['micro_f1']:.3f} "
                         f"(node2vec − FastRP = {gap:+.3f}): target ≥ 100× within 0.03 "
                         f"**{'reached' if reached else 'not reached'}**.")
    if reference:
        best, median = min(reference["times"]), statistics.median(reference["times"])
        fast_enough = median <= BLOGCATALOG_SECONDS_GOAL
        protocol = ("the reference's protocol, the vectors as they are" if "micro_f1_scaled" in reference else
                    "features standardised on the training nodes")
        reached = reference["micro_f1"] >= REFERENCE["micro_f1"]
        line = (
            f"- BlogCatalog ({reference['n_nodes']:,} nodes, {reference['n_edges']:,} edges), the reference setting "
            f"(dim 512, transition matrix, s = √n, β = −0.628, weights 1, 1, 7.81, 45.28): ours {best:.2f}–"
            f"{max(reference['times']):.2f} s (median {median:.2f} s, 3 runs, peak +{reference['peak_mb']:.0f} MB"
            + (f", load {reference['load']:.1f}, {reference['date']}" if "load" in reference else "")
            + f") vs the reference's 0.6–1.4 s (the spec's rerun, not repeated here) and the issue's goal ≤ "
            f"{BLOGCATALOG_SECONDS_GOAL} s; Micro-F1 {reference['micro_f1']:.4f} / Macro-F1 "
            f"{reference['macro_f1']:.4f} (10 % train, one-vs-rest liblinear, top-k, 5 splits, {protocol}) vs "
            f"0.289 / 0.173")
        if "micro_f1_scaled" in reference:
            line += (f"; standardised on the training nodes (node_classification's default), the same splits: "
                     f"{reference['micro_f1_scaled']:.4f} / {reference['macro_f1_scaled']:.4f}")
        line += (f": speed ≤ {BLOGCATALOG_SECONDS_GOAL} s **{'reached' if fast_enough else 'not reached'}**, "
                 f"Micro-F1 ≥ {REFERENCE['micro_f1']} **{'reached' if reached else 'not reached'}** "
                 f"({reference['micro_f1'] - REFERENCE['micro_f1']:+.4f}; one 5-split mean on one projection: the "
                 "spread below gives the mean of many).")
        if not fast_enough:
            line += (" The former row, 0.32–0.41 s, was measured on 2026-11-25 by this script; the time goes to the same "
                     "scipy products (float32 CSR × dense: 4 over 667,966 non-zeros × 512 columns, about three "
                     "quarters of a run under cProfile), since 2026-12-01 in blocks of 16 columns (all 512 at once "
                     "measured 1.2 against 1.4–1.5 CPU s under busy, so the blocks explain at most about 15 %). The "
                     "machine, not the code, made it slower: the code of that row (569d2c6, all 512 columns at once) "
                     "takes 1.51–1.59 s here today, against 1.18–1.23 s for today's code, measured back to back "
                     "(quiet, load 1.0 and 1.3, 2026-12-02 05:13 UTC; the same `embed(graph, \"fastrp\", dim=512, "
                     "seed=1..3, **BLOGCATALOG_PARAMS)` in `git worktree add DIR 569d2c6` and in this tree, the first "
                     "call untimed). So on one machine today's code takes 0.78× the former's time (the issue's "
                     "\"no slower\" holds), while the 0.35 s of the former machine is no yardstick here; the "
                     "reference code was not rerun here, so its 0.6–1.4 s is not comparable today either.")
        if "tails" in reference:
            tails = reference["tails"]
            line += (f" Why standardising on the training nodes costs here: the embedding's columns are heavy-tailed "
                     f"(median kurtosis {tails['kurtosis_median']:,.0f}, a Gaussian's is 3; a column's 10 largest "
                     f"entries hold a median {tails['top10_share_median']:.0%} of its variance), so a column's sd over "
                     f"10 % of the nodes is {tails['train_std_ratio_p5']:.2f}–{tails['train_std_ratio_p95']:.2f}× "
                     "(5th–95th percentile over 5 splits) its sd over all nodes, and dividing by it reweights the "
                     "columns at random before the L2-penalised fit.")
        parts.append(line)
    if reference:
        parts.append(BLOGCATALOG_DIAGNOSIS)
    parts += spread_report(SPREAD)
    parts += tuning_report(tuned or [])
    parts += profile_report(PROFILE)
    parts += [TUNING_LIMITS] if tuned else []
    parts += power_report(powers or [])
    parts += skipgram_report(SKIPGRAM)
    parts += ["", SDNE_NOTE]
    parts += sdne_report(SDNE_ROWS)
    return "\n".join(parts)


if __name__ == "__main__":
    main()
