"""``python -m engine grid GRID.toml`` and ``python -m engine runs list|export``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.cli import add_json_flag
from engine.errors import ParameterError

#: Most runs ``runs export`` and ``runs list`` read.
MAX_EXPORT_RUNS = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``grid`` and ``runs {list,export}``."""
    grid = subparsers.add_parser("grid", help="run a grid of methods × datasets × parameters × seeds on Dask")
    grid.add_argument("file", metavar="GRID.toml", help="a grid file, or the name of a shipped grid (assets/grids)")
    grid.add_argument("--scheduler", metavar="ADDR", default=None,
                      help="address of a running Dask scheduler (tcp://host:8786); default: a local cluster")
    grid.add_argument("--workers", type=int, default=None, metavar="N",
                      help="worker processes of the local cluster (default: one per core)")
    grid.add_argument("--time-limit", type=float, default=None, metavar="S",
                      help="seconds per task (default: the grid's time_limit, else 600)")
    add_json_flag(grid)
    grid.set_defaults(handler=_grid)

    runs = subparsers.add_parser("runs", help="list the recorded runs, or export a grid's runs as CSV or JSON")
    commands = runs.add_subparsers(dest="runs_command", metavar="{list,export}", parser_class=type(runs))
    commands.required = True
    listing = commands.add_parser("list", help="recorded runs, newest first (or the grids, with --grids)")
    listing.add_argument("--grid", default=None, metavar="GRID_ID", help="only the runs of this grid")
    listing.add_argument("--grids", action="store_true", help="list the grids instead: id, runs, last run")
    listing.add_argument("--limit", type=int, default=50, help="most runs listed (default 50)")
    add_json_flag(listing)
    listing.set_defaults(handler=_list)
    export = commands.add_parser("export", help="write every run of a grid as CSV or JSON")
    export.add_argument("--grid", required=True, metavar="GRID_ID", help="the grid's id (printed by `grid`)")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--out", default=None, metavar="PATH", help="file to write (default: standard output)")
    export.set_defaults(handler=_export)


def _grid(args: argparse.Namespace) -> dict:
    from engine.experiments import list_grids, load_grid, run_grid

    path = Path(args.file)
    shipped = list_grids()
    if not path.is_file() and args.file in shipped:
        path = shipped[args.file]
    grid = load_grid(path)

    def report(progress) -> None:
        if not args.json:
            sys.stderr.write(f"\r{progress.message}")
            sys.stderr.flush()

    result = run_grid(grid, scheduler=args.scheduler, n_workers=args.workers, time_limit=args.time_limit,
                      on_task=report, owner="cli")
    if not args.json:
        sys.stderr.write("\n")
    return result.summary()


def _list(args: argparse.Namespace) -> dict:
    from engine.runs import RunRegistry

    if not 1 <= args.limit <= MAX_EXPORT_RUNS:
        raise ParameterError(f"limit must be in [1, {MAX_EXPORT_RUNS}] (got {args.limit})")
    registry = RunRegistry()
    if args.grids:
        return {"grids": registry.grids()}
    runs = registry.list(grid_id=args.grid, limit=args.limit)
    return {"runs": [run.row() | {"grid_id": run.grid_id, "created": run.created} for run in runs]}


def _export(args: argparse.Namespace) -> str:
    from engine.runs import RunRegistry, runs_frame

    runs = RunRegistry().list(grid_id=args.grid, limit=MAX_EXPORT_RUNS)
    if not runs:
        raise ParameterError(f"grid must be the id of a recorded grid (got {args.grid!r}; see `runs list --grids`)")
    runs = runs[::-1]  # oldest first: the order the grid ran
    if args.format == "json":
        text = json.dumps([run.row() | {"grid_id": run.grid_id, "created": run.created} for run in runs])
    else:
        text = runs_frame(runs).to_csv(index=False)
    if args.out is None:
        return text.rstrip("\n")
    Path(args.out).write_text(text)
    return f"wrote {len(runs)} runs to {args.out}"
