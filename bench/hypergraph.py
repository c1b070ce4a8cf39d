"""Benchmark: SHyRe vs baselines on the shipped hypergraph pairs (and optionally DBLP).

Writes the ``hypergraph`` section of bench/RESULTS.md: Jaccard (mean of 3 seeds
for SHyRe, which is the only seeded method) with count and motif features, each
under the Jaccard-cut decision rule and the paper's p > 0.5, beside the
reference figures of /work/shared/specs/hypergraph.md §4, the issues' targets,
the sampler's training recall, P.School's per-size recall against the authors'
code and, with ``--dblp``, DBLP with its memory peak.

Each run stores its datasets' rows in bench/hypergraph_rows.json and renders the
table from every stored row, so datasets can be measured in separate runs.

Usage::

    .venv/bin/python bench/hypergraph.py            # the five shipped pairs
    .venv/bin/python bench/hypergraph.py --dblp     # also DBLP from ../shared/data (slow)
    .venv/bin/python bench/hypergraph.py --seed-study crime --study-seeds 10   # SHyRe over seeds 1..10 on Crimes
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._results import write_section  # noqa: E402
from engine.errors import ConvergenceWarning, GraphTooLargeError  # noqa: E402
from engine.hypergraph import (  # noqa: E402
    ShyreReconstructor,
    evaluate_reconstruction,
    hypergraph_pair_info,
    load_hypergraph_pair,
    per_size_scores,
    project,
    read_hypergraph,
    reconstruction_scores,
)
from engine.runs import measure  # noqa: E402

SEEDS = (1, 2, 3)
DATASETS = ("enron", "school", "school2", "foursquare", "crime")
#: spec §4: paper (best SHyRe), reference code count / MaxClique / ECC, training recall of the sampler (§4).
REFERENCE = {
    "enron": (16.02, 12.90, 4.19, 6.61, 0.32),
    "school": (43.06, 44.68, 0.09, 1.95, 0.91),
    "school2": (54.86, 54.46, 2.38, 6.89, 0.91),
    "foursquare": (73.56, 74.23, 9.62, 79.89, 0.94),
    "crime": (79.27, 79.92, 78.76, 75.78, 1.00),
    "dblp": (81.19, 81.20, 79.93, float("nan"), 0.97),
}
#: spec §4: the authors' code with motif features (seed 123); None where the reference could not finish (> 1 h).
REFERENCE_MOTIF = {"enron": 15.99, "school": None, "school2": 53.88, "foursquare": None, "crime": 78.79}
#: The authors' code on P.School (β 350,000, count features) run here unchanged through a driver, seeds 123, 1, 2:
#: Jaccard % and per-size (n_true, n_correct) of the test half. Same plan and candidate counts for every seed
#: (the reference orders cliques by Python's set order); only the MLP's initialisation differs.
REFERENCE_SCHOOL = {
    123: (44.68, {2: (3869, 3581), 3: (2296, 0), 4: (185, 0), 5: (2, 0)}),
    1: (41.69, {2: (3869, 3243), 3: (2296, 0), 4: (185, 0), 5: (2, 0)}),
    2: (44.66, {2: (3869, 3586), 3: (2296, 0), 4: (185, 0), 5: (2, 0)}),
}
#: issue 4 targets: minimum SHyRe Jaccard (%), and whether it must beat maximal cliques by 5 points.
TARGETS = {"enron": (11.0, True), "school2": (51.9, True), "crime": (77.8, False), "school": (40.0, True), "foursquare": (70.0, True)}
#: issue 11 targets for the default SHyRe (count features, Jaccard cut) and for the motif features on Enron.
TARGETS_11 = {"enron": 13.53, "school": 44.7, "school2": 54.46, "crime": 79.92, "foursquare": 74.23}
#: CFinder is run where networkx's k-clique percolation is cheap (P.School took 22 min in the reference).
CFINDER = ("enron", "school2", "crime")
SHARED_DBLP = Path(__file__).resolve().parents[2] / "shared" / "data" / "hypergraph" / "dblp"
#: Every dataset's last measured row; each run replaces the rows of the datasets it measures.
ROWS = Path(__file__).resolve().parent / "hypergraph_rows.json"


def _run(train, test, method, budget, seed):
    with measure() as measurement, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = evaluate_reconstruction(train, test, method, budget=budget, seed=seed)
    return result, measurement


def _shyre(train, test, budget, seed, features):
    """Fit once; score the Jaccard-cut decision and the paper's p > 0.5 on the same probabilities."""
    with measure() as measurement, warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ShyreReconstructor(budget=budget, features=features, seed=seed).fit(train)
        candidates, probabilities = model.candidate_probabilities(project(test, weighted=False))
    out = {"seed": seed, "seconds": measurement.seconds, "peak_mb": measurement.peak_bytes / 2**20, "cut": model.cut_,
           "training_recall": model.training_recall_, "load": os.getloadavg()[0]}
    for rule, cut in (("jaccard", model.cut_), ("accuracy", 0.5)):
        kept = [c for c, p in zip(candidates, probabilities) if p > cut]
        scores = reconstruction_scores(kept, test)
        out[rule] = {"jaccard": scores.jaccard, "precision": scores.precision, "recall": scores.recall}
        sizes = per_size_scores(kept, test)
        out[f"{rule}_per_size"] = {int(k): float(v) for k, v in zip(sizes["size"], sizes["recall"].fillna(0.0))}
    return out


def bench_dataset(name: str, train, test, budget: int, seeds, features=("count", "motif")) -> dict:
    row = {"name": name, "budget": budget}
    for kind in features:
        try:
            runs = [_shyre(train, test, budget, seed, kind) for seed in seeds]
        except GraphTooLargeError as exc:
            row[f"{kind}_skipped"] = str(exc)
            print(f"{name} {kind}: skipped ({exc})", flush=True)
            continue
        row[kind] = runs
        print(f"{name} {kind}: jaccard-cut {_seeds(runs, 'jaccard')}; p>0.5 {_seeds(runs, 'accuracy')}; "
              f"{np.mean([r['seconds'] for r in runs]):.1f} s", flush=True)
    for method in ("maxclique", "cliquecover") + (("cfinder",) if name in CFINDER else ()):
        result, measurement = _run(train, test, method, budget, None)
        row[method] = result.scores.jaccard * 100
        row[f"{method}_seconds"] = measurement.seconds
        if method == "cfinder":
            row["cfinder_k"] = result.params["k"]
    return row


def seed_study(name: str, train, test, budget: int, seeds) -> dict:
    """SHyRe (count features) over many seeds on one pair: the Jaccard % under the default cut, p > 0.5 and
    the best cut read off the test half (an oracle, to size what any decision rule could gain), and the
    share of test hyperedges among the candidates (the recall any classifier is capped at)."""
    truth = {tuple(sorted(h)) for h in test.hyperedges}
    graph = project(test, weighted=False)
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    runs = []
    for seed in seeds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = ShyreReconstructor(budget=budget, features="count", seed=seed).fit(train)
            candidates, probabilities = model.candidate_probabilities(graph)

        def jaccard(cut: float) -> float:
            return reconstruction_scores([c for c, p in zip(candidates, probabilities) if p > cut], test).jaccard * 100

        oracle = max(grid, key=jaccard)
        runs.append({"seed": seed, "cut": float(model.cut_), "jaccard": jaccard(model.cut_), "accuracy": jaccard(0.5),
                     "oracle_cut": float(oracle), "oracle": jaccard(oracle), "training_recall": model.training_recall_,
                     "bound": len(truth & {tuple(sorted(c)) for c in candidates}) / len(truth) * 100})
        print(f"{name} seed {seed}: {runs[-1]}", flush=True)
    return {"name": name, "runs": runs, "load": os.getloadavg()[0]}


def _seed_study_lines(study: dict) -> list[str]:
    runs = study["runs"]
    title = hypergraph_pair_info(study["name"]).title

    def stat(key):
        values = np.array([r[key] for r in runs])
        return f"{values.mean():.2f} ± {values.std(ddof=1):.2f} (min {values.min():.2f}, max {values.max():.2f})"

    return [
        f"**{title}, {len(runs)} seeds ({runs[0]['seed']}..{runs[-1]['seed']}), count features** "
        f"(`--seed-study {study['name']} --study-seeds {len(runs)}`): Jaccard cut {stat('jaccard')}; p > 0.5 "
        f"{stat('accuracy')}; best cut read off the test half (oracle) {stat('oracle')}; test hyperedges among the "
        f"candidates {stat('bound')}; training recall of the plan {stat('training_recall')}.",
    ]


def _mean(runs, rule, attribute="jaccard"):
    return float(np.mean([r[rule][attribute] for r in runs])) * 100


def _seeds(runs, rule):
    return " / ".join(f"{r[rule]['jaccard'] * 100:.2f}" for r in runs)


def _target(row: dict) -> str:
    name = row["name"]
    count = _mean(row["count"], "jaccard")
    checks = []
    if name in TARGETS:
        minimum, beat = TARGETS[name]
        checks.append(f"≥ {minimum}: {'met' if count >= minimum else 'missed'}")
        if beat:
            checks.append(f"+5 over MaxClique: {'met' if count >= row['maxclique'] + 5 else 'missed'}")
    else:
        checks.append("≥ 80.0: " + ("met" if count >= 80.0 else "missed"))
    if name in TARGETS_11 and name != "enron":
        checks.append(f"issue 11 ≥ {TARGETS_11[name]}: {'met' if count >= TARGETS_11[name] else 'missed'}")
    if "motif" in row:
        motif = _mean(row["motif"], "jaccard")
        if name == "enron":
            checks.append(f"motif ≥ 16.0: {'met' if motif >= 16.0 else 'missed'}")
        checks.append(f"motif ≥ count: {'met' if motif >= count else 'missed'}")
    return "; ".join(checks)


def render(rows: list[dict], studies: list[dict] | None = None) -> str:
    loads = [r["load"] for row in rows for kind in ("count", "motif") if kind in row for r in row[kind]]
    lines = [
        "Jaccard % of the reconstructed test half, mean over the seeds listed (β as in the paper; "
        "baselines are deterministic). SHyRe is fitted once per seed and scored with two decision rules on the same "
        "probabilities: **Jaccard cut** (the default: keep candidates above the cut in 0.10..0.90 that maximises the "
        "Jaccard index on out-of-fold predictions of the training candidates) and **p > 0.5** (the paper's rule). Reference columns from "
        "specs/hypergraph.md §4 (the authors' code run here): paper = best SHyRe variant; ref count / ref motif / "
        "ref MaxClique / ref ECC.",
        "",
        "| dataset | β | SHyRe count, Jaccard cut | seeds | count, p > 0.5 | ref count | SHyRe motif, Jaccard cut | seeds "
        "| motif, p > 0.5 | ref motif | paper | MaxClique (ours / ref) | edge clique cover (ours / ref) | CFinder (ours, k) "
        "| train recall (ours / ref) | cut | count P / R | count s | motif s | peak MB | targets |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        paper, ref_count, ref_mc, ref_ecc, ref_recall = REFERENCE[row["name"]]
        title = hypergraph_pair_info(row["name"]).title if row["name"] != "dblp" else "DBLP"
        cfinder = f"{row['cfinder']:.2f} (k={row['cfinder_k']})" if "cfinder" in row else "–"
        cover = f"{row['cliquecover']:.2f}" if "cliquecover" in row else "–"
        count = row["count"]
        ref_motif = REFERENCE_MOTIF.get(row["name"])
        if "motif" in row:
            motif = row["motif"]
            motif_cells = (f"**{_mean(motif, 'jaccard'):.2f}** | {_seeds(motif, 'jaccard')} | {_mean(motif, 'accuracy'):.2f}",
                           f"{np.mean([r['seconds'] for r in motif]):.1f}")
        else:
            reason = row.get("motif_skipped", "not run")
            motif_cells = ("n/r | – | – ", "–") if "skipped" not in reason else (f"n/r ({reason.split(' (')[0]}) | – | –", "–")
        peak = max(r["peak_mb"] for kind in ("count", "motif") if kind in row for r in row[kind])
        lines.append(
            f"| {title} | {row['budget']:,} | **{_mean(count, 'jaccard'):.2f}** | {_seeds(count, 'jaccard')} "
            f"| {_mean(count, 'accuracy'):.2f} | {ref_count:.2f} | {motif_cells[0]} | "
            f"{'n/r' if ref_motif is None else f'{ref_motif:.2f}'} | {paper:.2f} | {row['maxclique']:.2f} / {ref_mc:.2f} | "
            f"{cover} / {'–' if np.isnan(ref_ecc) else f'{ref_ecc:.2f}'} | {cfinder} | "
            f"{np.mean([r['training_recall'] for r in count]):.3f} / {ref_recall:.2f} | "
            f"{', '.join(format(r['cut'], '.2f') for r in count)} | "
            f"{_mean(count, 'jaccard', 'precision'):.1f} / {_mean(count, 'jaccard', 'recall'):.1f} | "
            f"{np.mean([r['seconds'] for r in count]):.1f} | {motif_cells[1]} | {peak:.0f} | {_target(row)} |"
        )
    lines += [
        "",
        "SHyRe s = wall time of fit + projection + candidate probabilities for one seed (mean); peak MB = resident-memory "
        "growth during the run (max over seeds); cut = the Jaccard cut chosen per seed (count features). n/r = not run: "
        "the motif counts would examine more clique pairs than the limit (the authors' C++ extractor needed over an "
        f"hour there). 1-minute load average while measuring: {min(loads):.0f} to {max(loads):.0f} on 2 cores shared "
        "with other jobs, so the seconds are inflated several times over.",
    ]
    for study in studies or []:
        lines += ["", *_seed_study_lines(study)]
    school = next((row for row in rows if row["name"] == "school"), None)
    if school is not None:
        lines += ["", *_school_table(school)]
    lines += [
        "",
        "Reproduce: `.venv/bin/python bench/hypergraph.py` (options: `--seeds 1`, `--datasets enron,crime`, "
        "`--features count`, `--dblp`, `--seed-study crime --study-seeds 10`).",
    ]
    return "\n".join(lines)


def _school_table(row: dict) -> list[str]:
    """P.School, per hyperedge size: recall of ours (both rules) beside the authors' code at three seeds."""
    sizes = sorted(REFERENCE_SCHOOL[123][1])
    header = ["size", "test hyperedges"] + [f"ref seed {s} ({REFERENCE_SCHOOL[s][0]:.2f})" for s in REFERENCE_SCHOOL]
    header += [f"ours seed {r['seed']}, {'p > 0.5' if rule == 'accuracy' else 'Jaccard cut'} ({r[rule]['jaccard'] * 100:.2f})"
               for rule in ("accuracy", "jaccard") for r in row["count"]]
    lines = [
        "**P.School, recall per hyperedge size** (count features, β 350,000; in brackets the Jaccard %). The reference "
        "is the authors' code run here unchanged (seeds 123, 1, 2): its plan, candidate counts (56,869 train / 54,783 "
        "test) and training recall (0.914) equal ours; only size-2 hyperedges are ever recovered, and whether the MLP's "
        "probabilities for pairs fall above or below 0.5 swings the score by 3 points between seeds (44.68 / 41.69 / "
        "44.66). Our p > 0.5 rule reproduces that swing; the Jaccard cut removes it.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for size in sizes:
        n_true = REFERENCE_SCHOOL[123][1][size][0]
        cells = [str(size), f"{n_true:,}"]
        cells += [f"{REFERENCE_SCHOOL[s][1][size][1] / n_true:.3f}" for s in REFERENCE_SCHOOL]
        for rule in ("accuracy", "jaccard"):
            for r in row["count"]:
                recall = {int(k): v for k, v in r[f"{rule}_per_size"].items()}  # JSON keys are strings
                cells.append(f"{recall.get(size, 0.0):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dblp", action="store_true", help="also run DBLP (β = 1e6, one seed, count features) from ../shared/data")
    parser.add_argument("--datasets", default=None, help="comma-separated shipped pairs (default: all five, "
                        "none with --render or --seed-study)")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="comma-separated SHyRe seeds")
    parser.add_argument("--features", default="count,motif", help="SHyRe feature sets to run (count is always run)")
    parser.add_argument("--render", action="store_true", help="only rewrite the section from the stored rows")
    parser.add_argument("--seed-study", default="", help="a shipped pair to run SHyRe (count) on over many seeds")
    parser.add_argument("--study-seeds", type=int, default=10, help="seeds 1..N of --seed-study")
    args = parser.parse_args()
    if args.datasets is None:
        args.datasets = "" if args.render or args.seed_study else ",".join(DATASETS)
    seeds = tuple(int(s) for s in args.seeds.split(","))
    features = ("count",) + tuple(f for f in args.features.split(",") if f != "count")
    for name in filter(None, args.datasets.split(",")):
        train, test = load_hypergraph_pair(name)
        row = bench_dataset(name, train, test, hypergraph_pair_info(name).budget, seeds, features)
        stored = json.loads(ROWS.read_text()) if ROWS.exists() else {}  # reread: other runs may have added rows
        stored[name] = row
        ROWS.write_text(json.dumps(stored, indent=1))
    if args.dblp:
        if not SHARED_DBLP.is_dir():
            sys.exit(f"{SHARED_DBLP} is absent")
        train = read_hypergraph(SHARED_DBLP / "train.txt", name="dblp (train)")
        test = read_hypergraph(SHARED_DBLP / "test.txt", name="dblp (test)")
        row = bench_dataset("dblp", train, test, 1_000_000, (1,), ("count",))
        stored = json.loads(ROWS.read_text()) if ROWS.exists() else {}
        stored["dblp"] = row
        ROWS.write_text(json.dumps(stored, indent=1))
    if args.seed_study:
        train, test = load_hypergraph_pair(args.seed_study)
        study = seed_study(args.seed_study, train, test, hypergraph_pair_info(args.seed_study).budget,
                           range(1, args.study_seeds + 1))
        stored = json.loads(ROWS.read_text()) if ROWS.exists() else {}
        stored[f"study:{args.seed_study}"] = study
        ROWS.write_text(json.dumps(stored, indent=1))
    stored = json.loads(ROWS.read_text()) if ROWS.exists() else {}
    order = DATASETS + ("dblp",)
    studies = [stored[key] for key in sorted(stored) if key.startswith("study:")]
    write_section("hypergraph", render([stored[name] for name in order if name in stored], studies))


if __name__ == "__main__":
    main()
