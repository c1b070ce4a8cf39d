"""Scene graphs: dnorm vs the baseline edge loss vs the frequency baseline on synthetic VG150-like data.

Run: ``.venv/bin/python bench/scenegraph.py`` (writes the "scenegraph" section of bench/RESULTS.md).

Checks (issue 5): on the synthetic long-tail data with held-out zero-shot triplets,
dnorm beats the baseline loss on zs_recall_ng@50 in >= 4 of 5 seeds with recall@50
within 2 points; FREQ scores about 0 zero-shot recall; the page's default training
(both losses) finishes in under 2 minutes on this machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from bench._results import write_section  # noqa: E402
from engine.scenegraph import generate_synthetic, run_predcls, shot_shares  # noqa: E402

KEYS = ["recall@50", "recall@100", "recall_ng@50", "mean_recall@50", "zs_recall@50", "zs_recall_ng@50", "weighted_recall@50"]
#: (row label, method, learning rate): both losses share the default SGD rate (as in the paper); the last
#: row gives the baseline a 5x larger rate, a control for "dnorm is only a larger step on FG edges".
CONFIGS = (("frequency", "frequency", None), ("baseline", "baseline", 0.1), ("dnorm", "dnorm", 0.1),
           ("baseline, lr 0.5", "baseline", 0.5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--n-train", type=int, default=2000)
    parser.add_argument("--n-test", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    rows, per_seed = [], []
    for seed in args.seeds:
        split = generate_synthetic(args.n_train, args.n_test, seed=seed)
        shares = shot_shares(split.train, split.test)
        results = {}
        for label, method, lr in CONFIGS:
            options = {} if method == "frequency" else {"epochs": args.epochs, "seed": seed, "lr": lr}
            results[label] = run_predcls(split.train, split.test, method=method, **options)
            scores = results[label].scores
            rows.append(f"| {seed} | {label} | " + " | ".join(f"{100 * scores[k]:.1f}" for k in KEYS)
                        + f" | {results[label].seconds:.0f} |")
            print(rows[-1], flush=True)
        base, dnorm, tuned = results["baseline"].scores, results["dnorm"].scores, results["baseline, lr 0.5"].scores
        per_seed.append({
            "seed": seed,
            "zs_share": shares["zero_shot_share"],
            "zs_gain": dnorm["zs_recall_ng@50"] - base["zs_recall_ng@50"],
            "r50_diff": dnorm["recall@50"] - base["recall@50"],
            "zs_gain_tuned": dnorm["zs_recall_ng@50"] - tuned["zs_recall_ng@50"],
            "r50_diff_tuned": dnorm["recall@50"] - tuned["recall@50"],
            "freq_zs": results["frequency"].scores["zs_recall@50"],
            "freq_zs_ng": results["frequency"].scores["zs_recall_ng@50"],
        })

    # the page's defaults: 1000 train / 300 test images, 10 epochs, baseline then dnorm
    page_split = generate_synthetic(1000, 300, seed=1)
    start = time.perf_counter()
    for method in ("frequency", "baseline", "dnorm"):
        run_predcls(page_split.train, page_split.test, method=method, epochs=10, seed=0) if method != "frequency" \
            else run_predcls(page_split.train, page_split.test, method=method)
    page_seconds = time.perf_counter() - start

    wins = sum(s["zs_gain"] > 0 for s in per_seed)
    wins_tuned = sum(s["zs_gain_tuned"] > 0 for s in per_seed)
    within_tuned = sum(abs(s["r50_diff_tuned"]) <= 0.02 for s in per_seed)
    not_worse_tuned = sum(s["r50_diff_tuned"] >= -0.02 for s in per_seed)
    not_worse = sum(s["r50_diff"] >= -0.02 for s in per_seed)
    within = sum(abs(s["r50_diff"]) <= 0.02 for s in per_seed)
    higher = sum(s["r50_diff"] > 0.02 for s in per_seed)
    header = "| seed | method | " + " | ".join(KEYS) + " | seconds |\n|" + "---|" * (len(KEYS) + 3)
    lines = [
        f"Synthetic VG150-calibrated data (`generate_synthetic({args.n_train}, {args.n_test}, seed=s)`), PredCls model "
        f"(2 message-passing rounds, dim 64, SGD lr 0.1 unless stated, momentum 0.9, batch 24 images, {args.epochs} epochs), "
        "metrics in %. Data are **synthetic**.",
        "",
        header,
        *rows,
        "",
        "| seed | zero-shot share of test triplets | dnorm − baseline zs_recall_ng@50 | dnorm − baseline recall@50 "
        "| dnorm − baseline (lr 0.5) zs_recall_ng@50 | dnorm − baseline (lr 0.5) recall@50 | FREQ zs_recall@50 / zs_recall_ng@50 |",
        "|---|---|---|---|---|---|---|",
        *[f"| {s['seed']} | {100 * s['zs_share']:.1f} | {100 * s['zs_gain']:+.1f} | {100 * s['r50_diff']:+.1f} | "
          f"{100 * s['zs_gain_tuned']:+.1f} | {100 * s['r50_diff_tuned']:+.1f} | "
          f"{100 * s['freq_zs']:.1f} / {100 * s['freq_zs_ng']:.1f} |" for s in per_seed],
        "",
        f"- dnorm beats the baseline on zs_recall_ng@50 in **{wins} of {len(per_seed)}** seeds (target >= 4); "
        f"against the baseline with a 5x learning rate in {wins_tuned} of {len(per_seed)}.",
        f"- recall@50 of dnorm is no more than 2 points below the baseline in {not_worse} of {len(per_seed)} seeds; "
        f"within ±2 points in {within} of {len(per_seed)}; more than 2 points *higher* in {higher} of {len(per_seed)} "
        "(with one SGD learning rate the baseline's FG edges get a step M_FG/M times smaller). Against the baseline with lr 0.5: "
        f"within ±2 points in {within_tuned}, no more than 2 points below in {not_worse_tuned} of {len(per_seed)}.",
        f"- FREQ zero-shot recall: mean zs_recall@50 {100 * np.mean([s['freq_zs'] for s in per_seed]):.2f}%, "
        f"zs_recall_ng@50 {100 * np.mean([s['freq_zs_ng'] for s in per_seed]):.2f}%.",
        f"- Page defaults (1000/300 images, 10 epochs; FREQ + baseline + dnorm): **{page_seconds:.0f} s** (target < 120 s).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("scenegraph", text)


if __name__ == "__main__":
    main()
