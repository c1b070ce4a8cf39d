"""``python -m engine scenegraph train`` and ``python -m engine scenegraph stats``."""

from __future__ import annotations

import argparse

from engine.cli import add_json_flag

_TRAIN_KEYS = ("recall@50", "recall@100", "recall_ng@50", "mean_recall@50", "zs_recall@50", "zs_recall_ng@50",
               "weighted_recall@50")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``scenegraph train`` and ``scenegraph stats``."""
    parser = subparsers.add_parser("scenegraph", help="scene graphs: train PredCls with a loss, or dataset statistics")
    commands = parser.add_subparsers(dest="scenegraph_command", metavar="{train,stats}", parser_class=type(parser))
    commands.required = True

    train = commands.add_parser("train", help="train the PredCls model (or the frequency baseline) and evaluate it")
    train.add_argument("--data", default="synthetic",
                       help="'synthetic' (VG150-calibrated, generated), 'demo' (shipped sg2im graphs) or a VG/GQA/sg2im JSON file")
    train.add_argument("--vg150", action="store_true", help="keep only VG150 classes and predicates of a data file")
    train.add_argument("--n-train", type=int, default=2000, help="synthetic training images")
    train.add_argument("--n-test", type=int, default=500, help="synthetic test images")
    train.add_argument("--loss", default="dnorm", choices=["baseline", "dnorm", "dnorm-fgbg", "frequency"],
                       help="edge loss ('frequency' = the frequency baseline, no training)")
    train.add_argument("--beta", type=float, default=1.0, help="BG weight of dnorm-fgbg")
    train.add_argument("--epochs", type=int, default=10)
    train.add_argument("--seed", type=int, default=1)
    add_json_flag(train)
    train.set_defaults(handler=_train)

    stats = commands.add_parser("stats", help="statistics of a scene-graph JSON file (VG, GQA or sg2im)")
    stats.add_argument("file", metavar="FILE", help="a scene-graph JSON file, or 'demo' for the shipped graphs")
    add_json_flag(stats)
    stats.set_defaults(handler=_stats)


def _load(spec: str):
    from engine.scenegraph import load_demo_graphs, read_scene_graphs

    return load_demo_graphs() if spec == "demo" else read_scene_graphs(spec)


def _train(args: argparse.Namespace) -> dict:
    from engine.runs import measure, record_run
    from engine.scenegraph import generate_synthetic, run_predcls

    if args.data == "synthetic":
        split = generate_synthetic(args.n_train, args.n_test, seed=args.seed)
        train, test = split.train, split.test
    else:
        data = _load(args.data)
        if args.vg150:
            from engine.scenegraph import load_vg150_vocabulary, restrict_to_vocabulary

            data = restrict_to_vocabulary(data, load_vg150_vocabulary())
        train, test = data.split(test_fraction=0.2, seed=args.seed)
    options = {} if args.loss == "frequency" else {"epochs": args.epochs, "seed": args.seed, "beta": args.beta}
    with measure() as measurement:
        result = run_predcls(train, test, method=args.loss, **options)
    record_run("scenegraph", args.loss, {"train": train.display_name, **result.params}, dataset=test.display_name,
               fingerprint=test.fingerprint(), metrics=result.scores, measurement=measurement,
               details={"history": list(result.history)})
    return {"loss": args.loss, **{key: result.scores[key] for key in _TRAIN_KEYS}, "seconds": measurement.seconds}


def _stats(args: argparse.Namespace) -> dict:
    from engine.scenegraph import dataset_summary

    return dataset_summary(_load(args.file))
