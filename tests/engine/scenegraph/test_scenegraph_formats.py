"""Loaders on fixtures in the real Visual Genome, GQA and sg2im formats, writer round trips, bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.errors import GraphTooLargeError, MalformedFileError, ParameterError
from engine.scenegraph import (
    SceneGraph,
    load_demo_graphs,
    load_vg150_vocabulary,
    read_gqa,
    read_scene_graphs,
    read_sg2im,
    read_visual_genome,
    restrict_to_vocabulary,
    to_hetero_data,
    to_pyg,
    write_scene_graphs,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "scenegraph"


def _same(a, b) -> None:
    assert len(a) == len(b)
    for g, h in zip(a, b):
        assert g.labels == h.labels and g.relations == h.relations and g.image_id == h.image_id
        assert g.image_size == h.image_size and g.attributes == h.attributes
        assert (g.boxes is None) == (h.boxes is None)
        if g.boxes is not None:
            np.testing.assert_allclose(g.boxes, h.boxes)


def test_read_vg_scene_graphs_with_image_data():
    data = read_visual_genome(DATA / "vg_scene_graphs.json", image_data=DATA / "vg_image_data.json")
    first = data[0]
    assert first.image_id == "1" and first.labels == ("man", "horse", "hat")
    assert first.relations == ((0, 1, "riding"), (0, 2, "wearing"))
    assert first.boxes[0].tolist() == [421, 91, 79, 339]
    assert first.attributes[2] == ("black", "wool") and first.image_size == (800.0, 600.0)
    assert first.object_ids == ("1058498", "1058507", "1058534")
    assert data[1].relations == ((1, 0, "in"),)
    assert set(data.vocabulary.predicates) == {"riding", "wearing", "in"}


def test_read_vg_objects_and_relationships():
    data = read_visual_genome(objects=DATA / "vg_objects.json", relationships=DATA / "vg_relationships.json")
    graph = data[0]
    # objects.json gives man, horse, grass; the hat appears only inside relationships.json
    assert graph.labels == ("man", "horse", "grass", "hat")
    assert graph.relations == ((0, 1, "riding"), (1, 2, "on"), (0, 3, "wearing"))
    assert graph.boxes[3].tolist() == [435, 91, 44, 25]


def test_read_scene_graphs_detects_each_format():
    assert read_scene_graphs(DATA / "vg_scene_graphs.json").source == "vg"
    assert read_scene_graphs(DATA / "vg_relationships.json")[0].n_relations == 3
    assert read_scene_graphs(DATA / "vg_objects.json")[0].n_relations == 0
    assert read_scene_graphs(DATA / "gqa_scenegraphs.json").source == "gqa"
    assert read_scene_graphs(DATA / "sg2im.json").source == "sg2im"


def test_read_gqa_relations_point_from_the_enclosing_object():
    data = read_gqa(DATA / "gqa_scenegraphs.json")
    graph = data[0]
    assert graph.image_id == "2370799" and graph.image_size == (500.0, 333.0)
    assert graph.labels == ("man", "shirt", "dog")
    assert graph.relations == ((0, 1, "wearing"), (0, 2, "to the left of"), (2, 0, "to the right of"))
    assert graph.attributes[1] == ("white", "cotton")
    assert data[1].relations == ((1, 0, "on"),)


def test_read_sg2im_keeps_duplicates_and_has_no_boxes():
    data = read_sg2im(DATA / "sg2im.json")
    assert data[0].relations == ((0, 1, "above"), (2, 1, "standing on"), (2, 1, "standing on"))
    assert data[0].boxes is None and data[1].labels == ("man", "boat", "water")


@pytest.mark.parametrize(
    "fixture,fmt",
    [(f, fmt) for f in ("vg_scene_graphs.json", "gqa_scenegraphs.json") for fmt in ("vg", "gqa", "sg2im")]
    + [("sg2im.json", "sg2im")],  # sg2im graphs have no boxes to write as VG or GQA
)
def test_write_then_read_round_trip(fixture, fmt):
    original = read_scene_graphs(DATA / fixture)
    if fmt == "sg2im":
        original = original.with_graphs([SceneGraph(g.labels, g.relations, image_id=g.image_id) for g in original])
    text = write_scene_graphs(original, format=fmt)
    again = read_scene_graphs(text.encode(), format=fmt)
    if fmt == "sg2im":
        assert [g.labels for g in again] == [g.labels for g in original]
        assert [g.relations for g in again] == [g.relations for g in original]
    else:
        _same(original, again)
        assert [g.object_ids for g in again] == [g.object_ids for g in original]


def test_malformed_json_gives_line_number():
    with pytest.raises(MalformedFileError, match="line 3: invalid JSON"):
        read_scene_graphs(DATA / "malformed.json")
    with pytest.raises(MalformedFileError) as info:
        read_gqa(b"{\n\n  ]")
    assert info.value.line == 3


@pytest.mark.parametrize(
    "text,message",
    [
        (b'[{"image_id": 1, "objects": [{"object_id": 1, "x": 0, "y": 0, "w": 1, "h": 1, "names": ["a"]}],'
         b' "relationships": [{"predicate": "on", "subject_id": 1, "object_id": 7}]}]', "object_id 7 is not an object"),
        (b'[{"image_id": 1, "objects": [{"object_id": 1, "x": 0, "names": ["a"]}], "relationships": []}]', "boxes need"),
        (b'[{"objects": ["a"], "relationships": [[0, "on", 3]]}]', "indices must be"),
        (b'{"1": {"objects": {"1": {"name": "a", "x": 0, "y": 0, "w": 1, "h": 1, "relations": [{"name": "on", "object": "9"}]}}}}',
         "unknown object 9"),
        (b'"just a string"', "not a recognised scene-graph file"),
    ],
)
def test_malformed_content_is_a_clear_error(text, message):
    with pytest.raises(MalformedFileError, match=message):
        read_scene_graphs(text)


def test_size_limit_and_bad_format_name():
    with pytest.raises(GraphTooLargeError):
        read_scene_graphs(DATA / "sg2im.json", max_bytes=10)
    with pytest.raises(ParameterError, match="format must be one of"):
        read_scene_graphs(DATA / "sg2im.json", format="coco")


def test_demo_graphs_and_vg150_vocabulary():
    demos = load_demo_graphs()
    assert len(demos) == 30 and all(g.boxes is None for g in demos)
    vocabulary = load_vg150_vocabulary()
    assert vocabulary.n_objects == 150 and vocabulary.n_predicates == 50
    assert vocabulary.predicate_counts[vocabulary.predicate_index("on")] == 712409
    restricted = restrict_to_vocabulary(read_scene_graphs(DATA / "gqa_scenegraphs.json"), vocabulary)
    # "to the left of" is not a VG150 predicate; man, shirt, dog, table, cup are VG150 classes ("cup" included)
    assert restricted[0].relations == ((0, 1, "wearing"),)


def test_pyg_conversions():
    data = read_visual_genome(DATA / "vg_scene_graphs.json", image_data=DATA / "vg_image_data.json")
    vocabulary = data.vocabulary
    pyg = to_pyg(data[0], vocabulary)
    assert pyg.num_nodes == 3 and pyg.edge_index.tolist() == [[0, 0], [1, 2]]
    assert [vocabulary.predicates[i] for i in pyg.edge_attr.tolist()] == ["riding", "wearing"]
    assert pyg.box[0].tolist() == pytest.approx([(421 + 79 / 2) / 800, (91 + 339 / 2) / 600, 79 / 800, 339 / 600])
    hetero = to_hetero_data(data[0], vocabulary)
    assert hetero["predicate"].x.shape == (2,)
    assert hetero["object", "subject_of", "predicate"].edge_index.tolist() == [[0, 0], [0, 1]]
    assert hetero["predicate", "has_object", "object"].edge_index.tolist() == [[0, 1], [1, 2]]


def test_scene_graph_rejects_bad_relations():
    with pytest.raises(ParameterError, match="points outside"):
        SceneGraph(("a",), ((0, 1, "on"),))
    with pytest.raises(ParameterError, match="boxes must have shape"):
        SceneGraph(("a", "b"), boxes=np.zeros((3, 4)))
