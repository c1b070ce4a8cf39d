"""``python -m engine embed``: JSON fields, labels from a file or the graph, vectors written, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "GRAPHLENS_HOME": str(home)},
    )


def test_embed_json_with_graph_labels_and_npy_out(tmp_path, isolated_registry):
    out = tmp_path / "vectors.npy"
    result = run_cli("embed", "karate_club", "--method", "laplacian", "--dim", "4", "--seed", "1", "--out", str(out),
                     "--json", home=isolated_registry)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document)[:4] == ["method", "map@1", "map@2", "map@3"]
    assert list(document)[-5:] == ["seconds", "peak_bytes", "run_id", "labels", "out"]
    assert document["method"] == "laplacian" and document["map_nodes"] == 34
    assert 0 < document["map@1"] <= 1 and document["labels"] == "graph"
    assert 0 <= document["micro_f1"] <= 1 and 0 <= document["macro_f1"] <= 1
    from engine.datasets import load_dataset
    from engine.embedding import laplacian_eigenmaps

    np.testing.assert_allclose(np.load(out), laplacian_eigenmaps(load_dataset("karate_club"), dim=4, seed=1).vectors)
    from engine.runs import RunRegistry

    (run,) = RunRegistry(isolated_registry / "runs.sqlite").list(capability="embedding")
    assert run.method == "laplacian" and run.metrics["map@1"] == pytest.approx(document["map@1"])


def test_embed_labels_file_and_csv_out(tmp_path, isolated_registry):
    labels = tmp_path / "labels.csv"
    labels.write_text("id,target\n" + "".join(f"{i},{'ab'[i % 2]}\n" for i in range(20)))
    out = tmp_path / "vectors.csv"
    result = run_cli("embed", "karate_club", "--method", "fastrp", "--dim", "8", "--labels", str(labels),
                     "--out", str(out), "--json", home=isolated_registry)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["labels"] == "file" and "micro_f1" in document
    lines = out.read_text().splitlines()
    assert len(lines) == 35 and lines[0].split(",")[:2] == ["node", "x0"] and len(lines[1].split(",")) == 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "hope", "--dim", "7"], "dim must be even"),
        (["--method", "sdne", "--dim", "0"], "dim must be in [2, 1024] (got 0)"),
        (["--method", "fastrp", "--p", "2"], "--p does not apply to fastrp"),
        (["--method", "fastrp", "--similarity", "manhattan"], "invalid choice"),
        (["--labels", "missing.csv"], "No such file"),
    ],
)
def test_embed_bad_input_is_one_line(args, message, capsys):
    from engine.cli import main

    assert main(["embed", "karate_club", *args, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and len(captured.err.strip().splitlines()) == 1


def test_embed_labels_file_with_unknown_node(tmp_path, capsys):
    from engine.cli import main

    labels = tmp_path / "labels.csv"
    labels.write_text("0,a\n99,b\n")
    assert main(["embed", "karate_club", "--labels", str(labels), "--json"]) == 2
    error = capsys.readouterr().err
    assert "line 2" in error and "'99'" in error
