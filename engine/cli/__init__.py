"""The ``python -m engine`` command line.

Each capability adds its subcommands in its own module under ``engine.cli``
(a ``register(subparsers)`` function); a subcommand's handler returns a dict,
which is printed as one JSON object with ``--json`` or as ``key: value`` lines
otherwise. Any :class:`~engine.errors.GraphLensError` (and a missing file)
becomes a one-line message on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Callable

from engine.errors import GraphLensError
from engine.runs import jsonable

__all__ = ["main", "build_parser", "SUBCOMMAND_MODULES"]

#: Modules that register subcommands, in the order they appear in ``--help``.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "engine.cli.graphs",
    "engine.cli.explore",
    "engine.cli.hypergraph",
    "engine.cli.summarize",
    "engine.cli.scenegraph",
    "engine.cli.embed",
)


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line on stderr (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every capability's subcommands."""
    parser = _Parser(prog="python -m engine", description="GraphLens engine command line.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """Add the ``--json`` flag every subcommand accepts."""
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")


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
    parser = build_parser()
    args = parser.parse_args(argv)
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
    return 0
