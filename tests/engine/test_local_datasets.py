"""engine.datasets local datasets: only listed graph files of $GRAPHLENS_DATA_DIR can be opened."""

from __future__ import annotations

import gzip

import pytest

from engine.datasets import DATA_DIR_ENV, load_local_dataset, local_data_dir, local_datasets
from engine.errors import GraphTooLargeError, ParameterError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "triangle.csv").write_text("source,target\na,b\nb,c\nc,a\n")
    (data / "path.txt.gz").write_bytes(gzip.compress(b"1 2\n2 3\n"))
    (data / "readme.md").write_text("# not a graph")
    (data / ".hidden.csv").write_text("a,b\n")
    (data / "sub").mkdir()
    (data / "sub" / "inner.csv").write_text("a,b\n")
    (tmp_path / "outside.csv").write_text("x,y\n")
    (data / "link.csv").symlink_to(tmp_path / "outside.csv")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    return data


def test_local_datasets_lists_only_graph_files_of_the_folder(folder):
    assert local_data_dir() == folder
    assert local_datasets() == ["path.txt.gz", "triangle.csv"]


def test_load_local_dataset_reads_a_listed_file(folder):
    graph = load_local_dataset("triangle.csv")
    assert (graph.name, graph.n_nodes, graph.n_edges) == ("triangle.csv", 3, 3)
    assert load_local_dataset("path.txt.gz").n_edges == 2


@pytest.mark.parametrize("name", ["readme.md", ".hidden.csv", "sub/inner.csv", "../outside.csv", "link.csv",
                                  "/etc/passwd", "missing.csv"])
def test_load_local_dataset_refuses_anything_not_listed(folder, name):
    with pytest.raises(ParameterError, match="name must be one of the local datasets"):
        load_local_dataset(name)


def test_local_datasets_without_a_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert local_data_dir() is None and local_datasets() == []
    with pytest.raises(ParameterError, match=r"\(none\)"):
        load_local_dataset("triangle.csv")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "absent"))
    assert local_datasets() == []


def test_load_local_dataset_applies_the_edge_limit(folder):
    with pytest.raises(GraphTooLargeError):
        load_local_dataset("triangle.csv", max_edges=2)


def test_load_local_dataset_keeps_the_parsed_graph(folder, isolated_registry):
    from engine.graph_store import stored_graph_path

    first = load_local_dataset("triangle.csv")
    assert stored_graph_path(folder / "triangle.csv").parent == isolated_registry / "graphs"
    assert stored_graph_path(folder / "triangle.csv").is_file()
    again = load_local_dataset("triangle.csv")
    assert again.fingerprint() == first.fingerprint() and again.name == "triangle.csv"
