"""The ``python -m engine`` CLI: datasets and stats, JSON output, one-line errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
BAD_CASES = json.loads((BAD / "cases.json").read_text())
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent (only developers and CI have it)")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_datasets_json_lists_the_registry():
    result = run_cli("datasets", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # exactly one JSON object
    sizes = {entry["name"]: (entry["n_nodes"], entry["n_edges"]) for entry in document["datasets"]}
    assert sizes["karate_club"] == (34, 78)
    assert sizes["ego_facebook"] == (4039, 88234)


def test_stats_json_on_a_dataset_name():
    result = run_cli("stats", "florentine_families", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["name"] == "florentine_families"
    assert (summary["n_nodes"], summary["n_edges"], summary["n_components"]) == (15, 20, 1)
    assert summary["density"] == pytest.approx(20 / (15 * 14 / 2))


def test_stats_json_on_a_file(tmp_path):
    path = tmp_path / "two_triangles.csv"
    path.write_text("# two disjoint triangles\nsource,target\na,b\nb,c\nc,a\nx,y\ny,z\nz,x\n")
    result = run_cli("stats", str(path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["n_nodes"], summary["n_edges"], summary["n_components"]) == (6, 6, 2)
    assert summary["density"] == pytest.approx(6 / 15)


def test_stats_on_a_bad_file_is_one_line_on_stderr():
    result = run_cli("stats", str(BAD / "one_column_line.txt"), "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["error: line 6: expected 2 or 3 columns, got 1"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("stats", "no_such_dataset_or_file"), ("stats",), ("frobnicate",)])
def test_usage_errors_are_one_line(args):
    result = run_cli(*args)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "case", [c for c in BAD_CASES if "max_edges" not in c], ids=lambda c: c["file"]
)  # fmt: skip
def test_stats_on_every_bad_corpus_file(case, capsys):
    status = main(["stats", str(BAD / case["file"]), "--json"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and case["message"] in lines[0]


@needs_shared
def test_stats_on_shared_ego_facebook():
    result = run_cli("stats", str(SHARED_DATA / "graphs" / "ego_facebook.txt"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["n_nodes"], summary["n_edges"]) == (4039, 88234)


def test_max_edges_flag_gives_a_one_line_error():
    path = BAD / "too_many_edges.txt"
    result = run_cli("stats", str(path), "--max-edges", "5")
    assert result.returncode == 2
    assert result.stderr == "error: the edge list has 6 edge lines; the limit is 5 edges\n"
    assert run_cli("stats", str(path), "--max-edges", "6", "--json").returncode == 0


def test_file_predicted_to_exceed_memory_gives_a_one_line_error(tmp_path, monkeypatch, capsys):
    import engine.io

    path = tmp_path / "edges.txt"
    path.write_bytes(b"0 1\n1 2\n" * 1000)
    monkeypatch.setattr(engine.io, "available_memory", lambda: 100_000)
    assert main(["summarize", str(path), "--method", "ssumm"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: edges.txt has 8,000 bytes (about 2,0")
    assert error.endswith("GB of memory to read; 0.0 GB is available\n") and error.count("\n") == 1


#: argv of the subcommand that runs each capability's methods, on a tiny input.
METHOD_COMMANDS = {
    "summarization": ["summarize", "karate_club"],
    "hypergraph": ["hypergraph", "reconstruct", "--train", "crime", "--test", "crime"],
    "scenegraph": ["scenegraph", "train", "--n-train", "20", "--n-test", "10"],
    "embedding": ["embed", "karate_club"],
}


def _out_of_range_cases() -> list:
    from engine.methods import METHODS

    cases = []
    for method in METHODS.values():
        for param in method.params:
            if param.kind in (int, float) and param.high is not None:
                value = param.high * 10 + 1
                cases.append((method.name, param.name, str(int(value) if param.kind is int else value)))
    return cases


@pytest.mark.parametrize(("method", "param", "value"), _out_of_range_cases())
def test_method_options_out_of_range_are_one_line_exit_2(method, param, value, capsys):
    from engine.methods import METHODS

    argv = [*METHOD_COMMANDS[METHODS[method].capability], "--method", method, f"--{param.replace('_', '-')}", value]
    assert main([*argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [captured.err.strip()] and f"error: {param} must be in [" in captured.err
    from engine.runs import RunRegistry

    assert RunRegistry().list() == []  # nothing ran


@pytest.mark.parametrize("argv", [
    ["summarize", "karate_club", "--method", "slugger", "--ratio", "0.2"],  # an option of another method
    ["summarize", "karate_club", "--error", "re3"],  # not a choice
    ["summarize", "karate_club", "--n-iterations", "2.5"],  # not an integer
    ["embed", "karate_club", "--time-limit", "0"],  # not a positive time limit
])
def test_bad_method_options_are_one_line_exit_2(argv, capsys):
    assert main([*argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1


def test_method_subcommands_share_seed_time_limit_and_json_defaults():
    from engine.cli import DEFAULT_SEED, build_parser
    from engine.methods import DEFAULT_TIME_LIMIT

    parser = build_parser()
    for argv in METHOD_COMMANDS.values():
        args = parser.parse_args(argv)
        assert (args.seed, args.time_limit, args.json) == (DEFAULT_SEED, None, False) == (1, None, False)
    # no --time-limit: run_method gives a graph default_time_limit(its edges), 600 s up to 4M edges
    from engine.cli import default_time_limit

    assert default_time_limit(None) == default_time_limit(0) == default_time_limit(4_000_000) == DEFAULT_TIME_LIMIT
    assert default_time_limit(20_000_000) == 3000.0 and default_time_limit(100_000_000) == 15000.0


@pytest.mark.parametrize("given, per_million, expected", [
    ([], 1e10, 1e10 * 78 / 1e6),  # karate's 78 edges at a huge allowance: the per-edge limit wins
    ([], 150.0, 600.0),  # the real allowance: a small graph keeps 600 s
    (["--time-limit", "42"], 1e10, 42.0),  # an explicit limit is used as given
])
def test_the_default_time_limit_scales_with_the_graph_read(given, per_million, expected, monkeypatch, capsys):
    import engine.cli as cli

    seen = []
    real_execute = cli.execute

    def spy(*args, **kwargs):
        seen.append(kwargs["time_limit"])
        return real_execute(*args, **kwargs)

    monkeypatch.setattr(cli, "execute", spy)
    monkeypatch.setattr(cli, "SECONDS_PER_MILLION_EDGES", per_million)
    assert main(["summarize", "karate_club", "--method", "slugger", "--n-iterations", "2", *given, "--json"]) == 0
    assert seen == [pytest.approx(expected)]
    assert json.loads(capsys.readouterr().out)["lossless"] is True


def test_a_registry_that_cannot_be_written_does_not_lose_the_result(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("GRAPHLENS_HOME", str(blocker))
    assert main(["summarize", "karate_club", "--method", "slugger", "--n-iterations", "2", "--json"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert printed["run_id"] is None and printed["lossless"] is True
    (warning,) = captured.err.splitlines()
    assert warning.startswith("warning: the run registry ") and str(blocker) in warning
    assert warning.endswith("the run was not recorded")


def test_command_modules_name_the_module_that_registers_each_command():
    import argparse
    import importlib

    from engine.cli import COMMAND_MODULES, SUBCOMMAND_MODULES

    registered = {}
    for module_name in SUBCOMMAND_MODULES:
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module_name).register(subparsers)
        registered.update({command: module_name for command in subparsers.choices})
    assert registered == COMMAND_MODULES


def test_stats_imports_neither_torch_nor_numba_nor_networkx():
    probe = (
        "import sys\nfrom engine.cli import main\nassert main(['stats', 'karate_club', '--json']) == 0\n"
        "print(sorted(m for m in ('torch', 'torch_geometric', 'sklearn', 'numba', 'networkx', 'gensim') "
        "if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


#: Packages a command on an edge-list file must not import (the CLI's start-up, bench/startup.py):
#: pandas (0.4 s, only for node attributes and the line-by-line reader), scipy.linalg (through scipy's
#: csgraph), numba (only summarize's kernels), igraph (only the statistics), and torch's stack.
_NEVER = ("torch", "torch_geometric", "sklearn", "networkx", "gensim")


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        ([], ("pandas", "pyarrow", "igraph", "numba", "scipy.linalg") + _NEVER),
        (["stats", "{file}", "--json"], ("pandas", "numba", "scipy.linalg") + _NEVER),
        (["summarize", "{file}", "--method", "ssumm", "--json"], ("pandas", "igraph") + _NEVER),
        (["summarize", "{file}", "--method", "slugger", "--json"], ("pandas", "igraph") + _NEVER),
    ],
    ids=["import-engine", "stats", "summarize-ssumm", "summarize-slugger"],
)
def test_cli_on_an_edge_list_imports_only_what_the_command_needs(argv, absent, tmp_path):
    edges = tmp_path / "g.txt"
    edges.write_text("".join(f"{u}\t{v}\n" for u in range(6) for v in range(u + 1, 6)) + "6\t7\n7\t8\n")
    argv = [arg.format(file=edges) for arg in argv]
    probe = (
        f"import sys\nimport engine\nfrom engine.cli import main\nassert not {argv!r} or main({argv!r}) == 0\n"
        f"print(sorted(m for m in {absent!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
