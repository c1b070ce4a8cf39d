"""python -m engine hypergraph ... through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", "hypergraph", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_reconstruct_prints_the_issue_keys_and_records_the_run(isolated_registry):
    done = _run("reconstruct", "--train", "crime", "--test", "crime", "--method", "maxclique", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result) == ["method", "n_true", "n_predicted", "jaccard", "precision", "recall", "f1", "seconds",
                            "peak_bytes", "run_id"]
    assert result["method"] == "maxclique" and result["n_true"] == 256 and result["n_predicted"] == 207
    assert abs(result["jaccard"] - 0.7876) < 1e-3
    from engine.runs import RunRegistry

    runs = RunRegistry().list(capability="hypergraph")
    assert [(run.id, run.method, run.owner, run.seed) for run in runs] == [(result["run_id"], "maxclique", "cli", 1)]


def test_patterns_of_a_file(tmp_path):
    path = tmp_path / "h.txt"
    path.write_text("a b x\nb c y\na c z\na b\n")
    done = _run("patterns", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"n_hyperedges": 4, "n_nested": 1, "n_uncovered_cliques": 1, "exactly_recoverable": False}


def test_bad_input_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("1 2\n3,4\n")
    done = _run("patterns", str(path), "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: line 2:") and done.stderr.count("\n") == 1
    done = _run("reconstruct", "--train", "nope", "--test", "crime", "--json")
    assert done.returncode == 2 and "neither a file" in done.stderr and "Traceback" not in done.stderr
