"""The ``python -m engine`` command line.

Each capability adds its subcommands in its own module under ``engine.cli``
(a ``register(subparsers)`` function); a subcommand's handler returns a dict,
which is printed as one JSON object with ``--json`` or as ``key: value`` lines
otherwise. Any :class:`~engine.errors.GraphLensError` (and a missing file)
becomes a one-line message on stderr and exit status 2; never a traceback.

A subcommand that runs a method takes its options from the method's
:class:`~engine.methods.Param` records (:func:`add_method_arguments`), the common
``--seed`` / ``--time-limit`` / ``--json`` (:func:`add_run_arguments`), and runs it
through :func:`engine.methods.execute` (:func:`run_method`), exactly as the pages do.
Without ``--time-limit`` a run on a graph gets :func:`default_time_limit` of its edges
(600 s, or more for a graph of over 4 million edges), so that a 20M-edge file is not
stopped by a limit meant for the pages' graphs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Callable, Sequence

from engine._validation import DEFAULT_SEED  # every command's --seed default (the pages' first seed too)
from engine.errors import GraphLensError, ParameterError
from engine.methods import DEFAULT_TIME_LIMIT, GraphInput, Method, Param, execute, get_method
from engine.runs import Run, jsonable, take_registry_notices

__all__ = [
    "main",
    "build_parser",
    "SUBCOMMAND_MODULES",
    "COMMAND_MODULES",
    "DEFAULT_SEED",
    "add_json_flag",
    "add_max_edges_flag",
    "add_method_arguments",
    "add_run_arguments",
    "default_time_limit",
    "SECONDS_PER_MILLION_EDGES",
    "method_params",
    "run_method",
]


#: Modules that register subcommands, in the order they appear in ``--help``.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "engine.cli.graphs",
    "engine.cli.explore",
    "engine.cli.hypergraph",
    "engine.cli.summarize",
    "engine.cli.scenegraph",
    "engine.cli.embed",
    "engine.cli.generate",
    "engine.cli.grid",
)


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line on stderr (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


#: The module that registers each command (checked against the full parser by the tests), so that
#: ``python -m engine COMMAND ...`` imports that module alone and not every capability's dependencies.
COMMAND_MODULES: dict[str, str] = {
    "datasets": "engine.cli.graphs",
    "stats": "engine.cli.graphs",
    "metric": "engine.cli.explore",
    "layout": "engine.cli.explore",
    "hypergraph": "engine.cli.hypergraph",
    "summarize": "engine.cli.summarize",
    "scenegraph": "engine.cli.scenegraph",
    "embed": "engine.cli.embed",
    "generate": "engine.cli.generate",
    "grid": "engine.cli.grid",
    "runs": "engine.cli.grid",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every capability's subcommands, or only those of ``command``'s module when it is known."""
    parser = _Parser(prog="python -m engine", description="GraphLens engine command line.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    modules = (COMMAND_MODULES[command],) if command in COMMAND_MODULES else SUBCOMMAND_MODULES
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """Add the ``--json`` flag every subcommand accepts."""
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")


#: Time allowed per million edges of a graph run without ``--time-limit`` (:func:`default_time_limit`):
#: about 4× SSumM's 20M-edge CPU time per million edges on a 2-core machine (bench/RESULTS.md,
#: "Massive graphs"), so that a busy machine does not stop a run that would finish.
SECONDS_PER_MILLION_EDGES = 150.0


def default_time_limit(n_edges: int | None) -> float:
    """The time limit of a CLI run given no ``--time-limit``: the larger of 600 s and 150 s per million edges.

    Known before the run from the edges read, so a 20M-edge graph gets 3,000 s and a
    100M-edge one 15,000 s, while every graph of up to 4 million edges keeps
    :data:`~engine.methods.DEFAULT_TIME_LIMIT` (the pages' limit).

    Parameters
    ----------
    n_edges : int or None
        Edges of the input graph; ``None`` for an input that is not a graph (hypergraphs,
        scene graphs), which gets the default limit.

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> default_time_limit(78), default_time_limit(20_000_000)
    (600.0, 3000.0)
    """
    if n_edges is None:
        return DEFAULT_TIME_LIMIT
    return max(DEFAULT_TIME_LIMIT, SECONDS_PER_MILLION_EDGES * n_edges / 1_000_000)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--seed``, ``--time-limit`` and ``--json``: the options of every subcommand that runs a method.

    ``--time-limit`` defaults to ``None``: :func:`run_method` then applies :func:`default_time_limit`.
    """
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"seed of every random choice (default {DEFAULT_SEED})")
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                        help=f"stop the run after this many seconds (default: {DEFAULT_TIME_LIMIT:g}, or for a graph "
                             f"the larger of {DEFAULT_TIME_LIMIT:g} and {SECONDS_PER_MILLION_EDGES:g} per million "
                             f"edges)")
    add_json_flag(parser)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _dest(name: str) -> str:
    return f"param_{name}"


def _describe(param: Param) -> str:
    if param.kind is bool:
        return f"default {'on' if param.default else 'off'}"
    if param.choices:
        return f"one of {', '.join(param.choices)}; default {param.default}"
    if param.kind is str:
        return f"default {param.default!r}"
    bounds = f" in [{param.low:g}, {param.high:g}]" if param.low is not None and param.high is not None else ""
    return f"default {param.default:g}{bounds}"


def add_method_arguments(parser: argparse.ArgumentParser, methods: Sequence[str | Method]) -> None:
    """Add one ``--param-name`` option per parameter of ``methods``, from their :class:`~engine.methods.Param` s.

    The defaults, ranges and choices are the records' (shown in ``--help``); an option left out takes
    the record's default, and a value is checked by :meth:`~engine.methods.Param.validate` when the
    method runs (:func:`method_params`), so an out-of-range value is a one-line error with exit
    status 2. A parameter shared by several methods (``beta``) is one option, described per method.
    """
    specs = [get_method(method) for method in methods]
    by_name: dict[str, list[tuple[Method, Param]]] = {}
    for spec in specs:
        for param in spec.params:
            by_name.setdefault(param.name, []).append((spec, param))
    for name, owners in by_name.items():
        kinds = {param.kind for _, param in owners}
        if len(kinds) != 1:
            raise TypeError(f"parameter {name} has different types in {', '.join(s.name for s, _ in owners)}")
        kind = kinds.pop()
        described: dict[str, list[str]] = {}
        for spec, param in owners:
            described.setdefault(_describe(param), []).append(spec.name)
        if len(described) == 1 and len(owners) == len(specs):
            where = next(iter(described))
        else:
            where = "; ".join(f"{', '.join(names)}: {text}" for text, names in described.items())
        help_text = f"{owners[0][1].help} ({where})"
        help_text = help_text.replace("%", "%%")
        if kind is bool:
            parser.add_argument(_option(name), dest=_dest(name), action=argparse.BooleanOptionalAction, default=None,
                                help=help_text)
        else:
            same = len({param.choices for _, param in owners}) == 1
            choices = owners[0][1].choices if same and owners[0][1].choices else None
            parser.add_argument(_option(name), dest=_dest(name), type=kind, default=None, choices=choices,
                                metavar=name.upper(), help=help_text)


def method_params(args: argparse.Namespace, method: str | Method) -> dict[str, Any]:
    """The parameters of ``method`` given on the command line, validated (the others take their defaults).

    Raises
    ------
    ParameterError
        On a value out of range, or an option given that ``method`` does not take.
    """
    spec = get_method(method)
    own = {param.name for param in spec.params}
    given = {key[len("param_"):]: value for key, value in vars(args).items()
             if key.startswith("param_") and value is not None}
    foreign = sorted(name for name in given if name not in own)
    if foreign:
        raise ParameterError(f"{', '.join(_option(n) for n in foreign)} does not apply to {spec.name} "
                             f"(its options: {', '.join(_option(p.name) for p in spec.params) or 'none'})")
    return spec.validate(given)


def run_method(args: argparse.Namespace, method: str | Method, inputs: Any) -> tuple[Run, dict[str, Any]]:
    """Run ``method`` on ``inputs`` through :func:`engine.methods.execute`, as a page does, with ``owner="cli"``.

    Without ``--time-limit`` (``args.time_limit`` is ``None``) the run's limit is
    :func:`default_time_limit` of the input graph's edges.

    Returns
    -------
    (Run, dict)
        The run, and what the subcommand prints: ``method``, the run's metrics, ``seconds``,
        ``peak_bytes`` and ``run_id`` (``None`` when the registry could not be written).
    """
    spec = get_method(method)
    time_limit = args.time_limit
    if time_limit is None:
        time_limit = default_time_limit(inputs.graph.n_edges if isinstance(inputs, GraphInput) else None)
    run = execute(spec, inputs, method_params(args, spec), seed=args.seed, time_limit=time_limit,
                  owner="cli")
    output = {"method": spec.name, **run.metrics, "seconds": run.seconds, "peak_bytes": run.peak_bytes,
              "run_id": run.id or None}
    return run, output


def add_max_edges_flag(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-edges``, the edge cap of a graph file read from a path (default 100,000,000)."""
    parser.add_argument("--max-edges", type=int, default=100_000_000, metavar="N",
                        help="refuse a graph file with more edges than this (default 100,000,000; no byte cap)")


def _print(result: Any, as_json: bool) -> None:
    result = jsonable(result)
    if as_json:
        print(json.dumps(result))
    elif isinstance(result, dict):
        for key, value in result.items():
            print(f"{key}: {json.dumps(value) if isinstance(value, (list, dict)) else value}")
    else:
        print(result)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(arguments[0] if arguments else None)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # a usage error (one line already on stderr) or --help
        return exc.code if isinstance(exc.code, int) else 2
    handler: Callable[[argparse.Namespace], Any] = args.handler
    try:
        result = handler(args)
    except GraphLensError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        sys.stderr.write(f"error: {exc.strerror}: {exc.filename}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises no traceback
        sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return 1
    _print(result, getattr(args, "json", False))
    for notice in take_registry_notices():  # the result is printed; history is what was lost
        sys.stderr.write(f"warning: {notice}\n")
    return 0
