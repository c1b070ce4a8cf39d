"""engine.datasets: every shipped dataset loads with its declared size; lookup errors; resolve_graph."""

from __future__ import annotations

import pytest

from engine.datasets import ASSETS_DIR, dataset_info, list_datasets, load_dataset, resolve_graph
from engine.errors import ParameterError

SHIPPED = ("karate_club", "les_miserables", "florentine_families", "davis_southern_women", "ego_facebook")


def test_registry_lists_the_shipped_datasets_smallest_first():
    infos = list_datasets()
    names = [info.name for info in infos]
    assert set(SHIPPED) <= set(names)
    assert [info.n_edges for info in infos] == sorted(info.n_edges for info in infos)


@pytest.mark.parametrize("info", list_datasets(), ids=lambda info: info.name)
def test_every_dataset_loads_with_its_declared_size(info):
    assert (ASSETS_DIR / info.path).is_file()
    assert info.source and info.licence and info.title
    graph = load_dataset(info.name)
    assert graph.name == info.name
    assert (graph.n_nodes, graph.n_edges) == (info.n_nodes, info.n_edges)
    assert (graph.labels is not None) == info.has_labels


def test_karate_has_two_factions():
    graph = load_dataset("karate_club")
    assert dataset_info("karate_club").has_labels
    labels = list(graph.labels)
    assert labels.count("Mr. Hi") == 17 and labels.count("Officer") == 17


def test_sources_file_names_every_shipped_file():
    sources = (ASSETS_DIR / "datasets" / "SOURCES.md").read_text()
    for name in SHIPPED:
        assert dataset_info(name).path.split("/")[-1] in sources


def test_unknown_dataset_is_a_parameter_error():
    with pytest.raises(ParameterError, match="unknown dataset 'nope'; known datasets: .*karate_club"):
        load_dataset("nope")
    with pytest.raises(ParameterError, match="unknown dataset"):
        dataset_info("nope")


def test_resolve_graph_on_a_name_and_on_a_path(tmp_path):
    assert resolve_graph("florentine_families").n_nodes == 15
    path = tmp_path / "triangle.csv"
    path.write_text("source,target\na,b\nb,c\nc,a\n")
    graph = resolve_graph(str(path))
    assert graph.name == "triangle.csv" and graph.n_nodes == 3 and graph.n_edges == 3


def test_resolve_graph_rejects_neither_file_nor_dataset(tmp_path):
    with pytest.raises(ParameterError, match="is neither a file nor a dataset name"):
        resolve_graph(str(tmp_path / "missing.txt"))
