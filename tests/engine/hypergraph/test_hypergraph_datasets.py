"""Shipped hypergraph pairs: sizes, sources, name resolution."""

from __future__ import annotations

import pytest

from engine.datasets import ASSETS_DIR
from engine.errors import ParameterError
from engine.hypergraph import hypergraph_pair_info, list_hypergraph_pairs, load_hypergraph_pair, resolve_hypergraph


@pytest.mark.parametrize("info", list_hypergraph_pairs(), ids=lambda info: info.name)
def test_every_pair_loads_with_its_declared_size_and_source(info):
    train, test = load_hypergraph_pair(info.name)
    assert (train.n_hyperedges, test.n_hyperedges) == (info.n_train, info.n_test)
    sources = (ASSETS_DIR / "hypergraphs" / "SOURCES.md").read_text()
    for part in ("train", "test"):
        assert info.path(part).is_file()
    assert f"{info.name}_*.txt.gz" in sources and info.licence and info.budget > 0


def test_resolve_names_parts_and_files(tmp_path):
    assert resolve_hypergraph("enron").name == "enron (test)"
    assert resolve_hypergraph("enron", default_part="train").name == "enron (train)"
    assert resolve_hypergraph("crime:train").n_hyperedges == 243
    path = tmp_path / "h.txt"
    path.write_text("1 2\n")
    assert resolve_hypergraph(str(path)).n_hyperedges == 1
    with pytest.raises(ParameterError, match="neither a file"):
        resolve_hypergraph("dblp")
    with pytest.raises(ParameterError, match="unknown hypergraph dataset"):
        hypergraph_pair_info("dblp")
