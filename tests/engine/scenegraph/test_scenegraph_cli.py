"""``python -m engine scenegraph train|stats`` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "scenegraph"


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"GRAPHLENS_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_train_prints_the_issue_keys(tmp_path):
    result = _run("scenegraph", "train", "--data", "synthetic", "--n-train", "40", "--n-test", "20", "--loss", "baseline",
                  "--epochs", "1", "--seed", "1", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    keys = list(out)
    assert keys[0] == "method" and keys[-3:] == ["seconds", "peak_bytes", "run_id"]
    assert {"recall@50", "recall@100", "recall_ng@50", "mean_recall@50", "zs_recall@50", "zs_recall_ng@50",
            "weighted_recall@50"} <= set(keys)
    assert out["method"] == "baseline" and all(out[k] is None or 0 <= out[k] <= 1 for k in keys[1:-3])
    assert out["run_id"] == 1


def test_stats_of_a_vg_file_and_bad_input(tmp_path):
    result = _run("scenegraph", "stats", str(DATA / "vg_scene_graphs.json"), "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["n_graphs"] == 2 and out["n_objects"] == 5 and out["n_relations"] == 3
    assert out["mean_density"] == (2 / 6 + 1 / 2) / 2 and out["top_predicates"][0][1] == 1
    bad = _run("scenegraph", "stats", str(DATA / "malformed.json"), "--json", home=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "line 3" in bad.stderr and not bad.stdout
