"""``python -m engine summarize`` through a subprocess: the issue's JSON keys, --out, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", "summarize", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=180, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_cli_ssumm_json_and_reference_file(tmp_path):
    out = tmp_path / "summary.txt"
    result = run_cli("karate_club", "--method", "ssumm", "--ratio", "0.1", "--error", "re1", "--seed", "1",
                     "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["method", "n_nodes", "n_edges", "n_supernodes", "n_superedges", "size_bits",
                              "input_bits", "relative_size", "re1", "re2", "seconds", "peak_bytes", "run_id", "out"]
    assert (document["n_nodes"], document["n_edges"]) == (34, 78)
    assert document["size_bits"] <= 0.1 * document["input_bits"]
    assert 0 < document["re1"] <= 2 * 78 / (34 * 33)
    text = out.read_text()
    assert text.startswith("<Subnode of each supernode>") and "<Superedge info>" in text


def test_cli_slugger_json_lossless(tmp_path):
    edges = tmp_path / "g.tsv"
    edges.write_text("".join(f"{u}\t{v}\n" for u in range(8) for v in range(u + 1, 8)) + "8\t9\n")
    result = run_cli(str(edges), "--method", "slugger", "--seed", "1", "--json", "--out", str(tmp_path / "sl"))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["method", "n_nodes", "n_edges", "relative_size", "cost", "n_pos", "n_neg", "n_hier",
                              "avg_leaf_depth", "max_leaf_depth", "lossless", "seconds", "peak_bytes", "run_id", "out"]
    assert document["lossless"] is True
    assert document["n_edges"] == 29
    assert document["relative_size"] == (document["n_pos"] + document["n_neg"] + document["n_hier"]) / 29
    assert document["relative_size"] < 0.6
    assert (tmp_path / "sl" / "H.txt").is_file()


def test_cli_bad_ratio_is_one_line():
    result = run_cli("karate_club", "--ratio", "1.5", "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "ratio must be in [0.001, 0.99] (got 1.5)" in result.stderr
    assert "Traceback" not in result.stderr
