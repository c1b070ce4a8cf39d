"""``python -m engine scenegraph train`` and ``python -m engine scenegraph stats``."""

from __future__ import annotations

import argparse

from engine.cli import add_json_flag, add_method_arguments, add_run_arguments, run_method
from engine.methods import SceneGraphSplit, methods_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``scenegraph train`` and ``scenegraph stats``."""
    parser = subparsers.add_parser("scenegraph", help="scene graphs: train PredCls with a loss, or dataset statistics")
    commands = parser.add_subparsers(dest="scenegraph_command", metavar="{train,stats}", parser_class=type(parser))
    commands.required = True

    methods = [method.name for method in methods_for("scenegraph")]
    train = commands.add_parser("train", help="train the PredCls model (or the frequency baseline) and evaluate it")
    train.add_argument("--data", default="synthetic",
                       help="'synthetic' (VG150-calibrated, generated), 'demo' (shipped sg2im graphs) or a VG/GQA/sg2im JSON file")
    train.add_argument("--vg150", action="store_true", help="keep only VG150 classes and predicates of a data file")
    train.add_argument("--n-train", type=int, default=2000, help="synthetic training images")
    train.add_argument("--n-test", type=int, default=500, help="synthetic test images")
    train.add_argument("--data-seed", type=int, default=None,
                       help="seed that generates the synthetic set or splits a file 80/20, as the page's data seed "
                            "(default: --seed)")
    train.add_argument("--method", "--loss", dest="method", default="dnorm", choices=methods,
                       help="edge loss ('frequency' = the frequency baseline, no training)")
    add_method_arguments(train, methods)
    add_run_arguments(train)
    train.set_defaults(handler=_train)

    stats = commands.add_parser("stats", help="statistics of a scene-graph JSON file (VG, GQA or sg2im)")
    stats.add_argument("file", metavar="FILE", help="a scene-graph JSON file, or 'demo' for the shipped graphs")
    add_json_flag(stats)
    stats.set_defaults(handler=_stats)


def _load(spec: str):
    from engine.scenegraph import load_demo_graphs, read_scene_graphs

    return load_demo_graphs() if spec == "demo" else read_scene_graphs(spec)


def _train(args: argparse.Namespace) -> dict:
    from engine.scenegraph import generate_synthetic

    data_seed = args.seed if args.data_seed is None else args.data_seed
    if args.data == "synthetic":
        split = generate_synthetic(args.n_train, args.n_test, seed=data_seed)
        train, test = split.train, split.test
    else:
        data = _load(args.data)
        if args.vg150:
            from engine.scenegraph import load_vg150_vocabulary, restrict_to_vocabulary

            data = restrict_to_vocabulary(data, load_vg150_vocabulary())
        train, test = data.split(seed=data_seed)
    return run_method(args, args.method, SceneGraphSplit(train, test))[1]


def _stats(args: argparse.Namespace) -> dict:
    from engine.scenegraph import dataset_summary

    return dataset_summary(_load(args.file))
