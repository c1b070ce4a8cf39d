"""Read and write scene graphs: Visual Genome v1.4 JSON, GQA sceneGraphs JSON, the sg2im demo format.

Formats (boxes are ``x, y, w, h`` in pixels from the top-left corner):

- Visual Genome ``scene_graphs.json``: ``[{image_id, objects: [{object_id, x, y, w, h,
  names: [...], synsets, attributes?}], relationships: [{relationship_id, predicate,
  synsets, subject_id, object_id}]}]``; image sizes come from ``image_data.json``
  (``[{image_id, width, height, ...}]``) or from ``width``/``height`` keys that the
  writer adds.
- Visual Genome ``objects.json`` + ``relationships.json``: ``[{image_id, objects:
  [...]}]`` and ``[{image_id, relationships: [{relationship_id, predicate, subject:
  {object_id, x, y, w, h, names}, object: {...}}]}]``.
- GQA ``sceneGraphs``: ``{imageId: {width, height, objects: {objId: {name, x, y, w, h,
  attributes: [...], relations: [{name, object}]}}}}``; a relation points from the
  enclosing object to ``object``.
- sg2im: ``[{"objects": [name, ...], "relationships": [[s, predicate, o], ...]}]``, no boxes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from engine._input import load_json, read_input
from engine.errors import GraphLensError, MalformedFileError, ParameterError
from engine.scenegraph.types import SceneGraph, SceneGraphDataset, Vocabulary
from engine.scenegraph.vocab import ASSETS, vocabulary_from_graphs

__all__ = [
    "FORMATS",
    "read_scene_graphs",
    "read_visual_genome",
    "read_gqa",
    "read_sg2im",
    "write_scene_graphs",
    "load_demo_graphs",
    "restrict_to_vocabulary",
]

#: Format names accepted by :func:`read_scene_graphs` and :func:`write_scene_graphs`.
FORMATS = ("vg", "gqa", "sg2im")

Source = str | Path | bytes


class _Parsed:
    """JSON already parsed by :func:`read_scene_graphs`, handed to a format reader without a second parse."""

    def __init__(self, data: Any) -> None:
        self.data = data


def _load_json(source: "Source | _Parsed", *, max_bytes: int, what: str = "file") -> Any:
    """Parse JSON from a path or bytes through the guarded input (byte cap, gzip, UTF-8, nesting depth)."""
    if isinstance(source, _Parsed):
        return source.data
    data, _ = read_input(source, max_bytes=max_bytes, what=f"the {what}")
    return load_json(data, what=f"the {what}")


def _name(value: Any) -> str:
    return str(value).strip().lower()


def _field(record: Any, key: str, where: str) -> Any:
    if not isinstance(record, dict) or key not in record:
        raise MalformedFileError(f"{where} has no {key!r} field")
    return record[key]


def _box(record: dict, where: str) -> tuple[float, float, float, float]:
    try:
        return tuple(float(record[k]) for k in ("x", "y", "w", "h"))  # type: ignore[return-value]
    except KeyError as exc:
        raise MalformedFileError(f"{where} has no {exc.args[0]!r} field (boxes need x, y, w, h)") from None
    except (TypeError, ValueError):
        raise MalformedFileError(f"{where} has a non-numeric box coordinate") from None


def _vg_object_name(record: dict, where: str) -> str:
    if "names" in record and record["names"]:
        return _name(record["names"][0])
    if "name" in record:
        return _name(record["name"])
    raise MalformedFileError(f"{where} has neither 'names' nor 'name'")


class _VGImage:
    """Accumulates one Visual Genome image's objects (by object_id) and relations."""

    def __init__(self, image_id: str) -> None:
        self.image_id = image_id
        self.index: dict[str, int] = {}
        self.labels: list[str] = []
        self.boxes: list[tuple[float, float, float, float]] = []
        self.attributes: list[tuple[str, ...]] = []
        self.relations: list[tuple[int, int, str]] = []
        self.size: tuple[float, float] | None = None

    def add_object(self, record: dict, where: str) -> int:
        object_id = str(_field(record, "object_id", where))
        if object_id not in self.index:
            self.index[object_id] = len(self.labels)
            self.labels.append(_vg_object_name(record, where))
            self.boxes.append(_box(record, where))
            self.attributes.append(tuple(_name(a) for a in record.get("attributes", []) or []))
        return self.index[object_id]

    def graph(self) -> SceneGraph:
        return SceneGraph(
            labels=tuple(self.labels),
            relations=tuple(self.relations),
            boxes=np.array(self.boxes, dtype=np.float64).reshape(-1, 4),
            image_size=self.size,
            attributes=tuple(self.attributes),
            image_id=self.image_id,
            object_ids=tuple(self.index),
        )


def _records(data: Any, what: str) -> list:
    if not isinstance(data, list):
        raise MalformedFileError(f"the {what} must be a JSON list of images (got {type(data).__name__})")
    return data


def read_visual_genome(
    scene_graphs: Source | None = None,
    *,
    objects: Source | None = None,
    relationships: Source | None = None,
    image_data: Source | None = None,
    name: str = "Visual Genome",
    max_bytes: int = 200_000_000,
) -> SceneGraphDataset:
    """Read Visual Genome v1.4 JSON: ``scene_graphs.json``, or ``objects.json`` and/or ``relationships.json``.

    Parameters
    ----------
    scene_graphs : path or bytes, optional
        ``scene_graphs.json``.
    objects, relationships : path or bytes, optional
        ``objects.json`` and ``relationships.json`` (used when ``scene_graphs`` is
        not given; either alone works, as relationships embed their objects).
    image_data : path or bytes, optional
        ``image_data.json`` for the image sizes.
    name : str
        Dataset name.
    max_bytes : int
        Largest file accepted.

    Returns
    -------
    SceneGraphDataset
        Names lower-cased and stripped (the first of ``names``); the vocabulary is
        the classes and predicates that occur.

    Raises
    ------
    MalformedFileError
        On invalid JSON, missing fields or a relation naming an unknown object.
    ParameterError
        If no file is given.

    References
    ----------
    R. Krishna et al., "Visual Genome", IJCV 2017.
    """
    if scene_graphs is None and objects is None and relationships is None:
        raise ParameterError("give scene_graphs, or objects and/or relationships")
    images: dict[str, _VGImage] = {}

    def image(record: dict, where: str) -> _VGImage:
        image_id = str(_field(record, "image_id", where))
        if image_id not in images:
            images[image_id] = _VGImage(image_id)
        return images[image_id]

    if scene_graphs is not None:
        for i, record in enumerate(_records(_load_json(scene_graphs, max_bytes=max_bytes, what="scene_graphs file"), "scene_graphs file")):
            where = f"scene graph #{i}"
            current = image(record, where)
            if "width" in record and "height" in record:
                current.size = (float(record["width"]), float(record["height"]))
            for j, obj in enumerate(_field(record, "objects", where)):
                current.add_object(obj, f"{where}, object #{j}")
            for j, rel in enumerate(_field(record, "relationships", where)):
                rel_where = f"{where}, relationship #{j}"
                ends = []
                for key in ("subject_id", "object_id"):
                    object_id = str(_field(rel, key, rel_where))
                    if object_id not in current.index:
                        raise MalformedFileError(f"{rel_where}: {key} {object_id} is not an object of image {current.image_id}")
                    ends.append(current.index[object_id])
                current.relations.append((ends[0], ends[1], _name(_field(rel, "predicate", rel_where))))
    else:
        if objects is not None:
            for i, record in enumerate(_records(_load_json(objects, max_bytes=max_bytes, what="objects file"), "objects file")):
                current = image(record, f"objects entry #{i}")
                for j, obj in enumerate(_field(record, "objects", f"objects entry #{i}")):
                    current.add_object(obj, f"objects entry #{i}, object #{j}")
        if relationships is not None:
            data = _records(_load_json(relationships, max_bytes=max_bytes, what="relationships file"), "relationships file")
            for i, record in enumerate(data):
                where = f"relationships entry #{i}"
                current = image(record, where)
                for j, rel in enumerate(_field(record, "relationships", where)):
                    rel_where = f"{where}, relationship #{j}"
                    s = current.add_object(_field(rel, "subject", rel_where), f"{rel_where}, subject")
                    o = current.add_object(_field(rel, "object", rel_where), f"{rel_where}, object")
                    current.relations.append((s, o, _name(_field(rel, "predicate", rel_where))))
    if image_data is not None:
        for i, record in enumerate(_records(_load_json(image_data, max_bytes=max_bytes, what="image_data file"), "image_data file")):
            image_id = str(_field(record, "image_id", f"image_data entry #{i}"))
            if image_id in images:
                images[image_id].size = (float(_field(record, "width", f"image_data entry #{i}")),
                                         float(_field(record, "height", f"image_data entry #{i}")))
    graphs = tuple(current.graph() for current in images.values())
    return SceneGraphDataset(graphs, vocabulary_from_graphs(graphs, name=name), name=name, source="vg")


def read_gqa(source: Source, *, name: str = "GQA", max_bytes: int = 200_000_000) -> SceneGraphDataset:
    """Read a GQA ``sceneGraphs`` JSON file (``train_sceneGraphs.json``, ``val_sceneGraphs.json``).

    Each relation ``{name, object}`` inside object ``A`` is the triplet ``(A, name, object)``.

    Raises
    ------
    MalformedFileError
        On invalid JSON, missing fields or a relation to an unknown object.

    References
    ----------
    D. A. Hudson, C. D. Manning, "GQA: A New Dataset for Real-World Visual Reasoning
    and Compositional Question Answering", CVPR 2019.
    """
    data = _load_json(source, max_bytes=max_bytes, what="GQA file")
    if not isinstance(data, dict):
        raise MalformedFileError(f"a GQA sceneGraphs file is a JSON object keyed by image id (got {type(data).__name__})")
    graphs = []
    for image_id, record in data.items():
        where = f"image {image_id}"
        objects = _field(record, "objects", where)
        if not isinstance(objects, dict):
            raise MalformedFileError(f"{where}: 'objects' must be an object keyed by object id")
        index = {str(object_id): i for i, object_id in enumerate(objects)}
        labels, boxes, attributes, relations = [], [], [], []
        for object_id, obj in objects.items():
            obj_where = f"{where}, object {object_id}"
            labels.append(_name(_field(obj, "name", obj_where)))
            boxes.append(_box(obj, obj_where))
            attributes.append(tuple(_name(a) for a in obj.get("attributes", []) or []))
            for rel in obj.get("relations", []) or []:
                target = str(_field(rel, "object", obj_where + ", relation"))
                if target not in index:
                    raise MalformedFileError(f"{obj_where}: relation to unknown object {target}")
                relations.append((index[str(object_id)], index[target], _name(_field(rel, "name", obj_where + ", relation"))))
        size = (float(record["width"]), float(record["height"])) if "width" in record and "height" in record else None
        graphs.append(SceneGraph(tuple(labels), tuple(relations), np.array(boxes, dtype=np.float64).reshape(-1, 4),
                                 image_size=size, attributes=tuple(attributes), image_id=str(image_id),
                                 object_ids=tuple(index)))
    return SceneGraphDataset(tuple(graphs), vocabulary_from_graphs(graphs, name=name), name=name, source="gqa")


def read_sg2im(source: Source, *, name: str = "sg2im", max_bytes: int = 50_000_000) -> SceneGraphDataset:
    """Read the sg2im demo format: a list of ``{"objects": [...], "relationships": [[s, p, o], ...]}``.

    A single such object (not in a list) is accepted too. The graphs have no boxes.

    Raises
    ------
    MalformedFileError
        On invalid JSON, missing fields or an index outside the objects.

    References
    ----------
    J. Johnson, A. Gupta, L. Fei-Fei, "Image Generation from Scene Graphs", CVPR 2018.
    """
    data = _load_json(source, max_bytes=max_bytes, what="sg2im file")
    records = [data] if isinstance(data, dict) else _records(data, "sg2im file")
    graphs = []
    for i, record in enumerate(records):
        where = f"scene graph #{i}"
        labels = tuple(_name(o) for o in _field(record, "objects", where))
        relations = []
        for j, rel in enumerate(_field(record, "relationships", where)):
            if not (isinstance(rel, list) and len(rel) == 3):
                raise MalformedFileError(f"{where}, relationship #{j} must be [subject, predicate, object] (got {rel!r})")
            s, predicate, o = rel
            if not all(isinstance(v, int) and 0 <= v < len(labels) for v in (s, o)):
                raise MalformedFileError(f"{where}, relationship #{j}: indices must be in 0..{len(labels) - 1} (got {s}, {o})")
            relations.append((s, o, _name(predicate)))
        graphs.append(SceneGraph(labels, tuple(relations), image_id=str(record.get("image_id", f"{name}#{i}"))))
    return SceneGraphDataset(tuple(graphs), vocabulary_from_graphs(graphs, name=name), name=name, source="sg2im")


def _detect(data: Any) -> str:
    if isinstance(data, dict):
        if "objects" in data and "relationships" in data:
            return "sg2im"
        first = next(iter(data.values()), None)
        if isinstance(first, dict) and isinstance(first.get("objects"), dict):
            return "gqa"
    if isinstance(data, list) and data and isinstance(data[0], dict):
        rels = data[0].get("relationships")
        if "image_id" in data[0]:
            return "vg"
        if isinstance(rels, list) and (not rels or isinstance(rels[0], list)):
            return "sg2im"
    raise MalformedFileError("not a recognised scene-graph file (Visual Genome, GQA or sg2im JSON)")


def read_scene_graphs(source: Source, *, format: str | None = None, name: str | None = None,
                      max_bytes: int = 200_000_000) -> SceneGraphDataset:
    """Read one scene-graph JSON file, detecting the format when ``format`` is None.

    A Visual Genome list may be ``scene_graphs.json``, ``relationships.json`` or
    ``objects.json`` (told apart by their fields). The file comes in through
    :func:`engine._input.read_input` and :func:`engine._input.load_json` (byte cap
    after gzip decompression, UTF-8, nesting depth) and is parsed once.

    Parameters
    ----------
    source : path or bytes
        Optionally gzip-compressed.
    format : {"vg", "gqa", "sg2im"}, optional
    name : str, optional
        Dataset name (default: the file name or the format).
    max_bytes : int
        Largest accepted input, counted after decompression.

    Raises
    ------
    MalformedFileError
        If the file is not valid UTF-8 JSON, nests too deeply, or does not match one of the
        three formats (the message names the record or key).
    GraphTooLargeError
        If the input exceeds ``max_bytes``.
    """
    if format is not None and format not in FORMATS:
        raise ParameterError(f"format must be one of {', '.join(map(repr, FORMATS))} (got {format!r})")
    data = _load_json(source, max_bytes=max_bytes)
    format = format or _detect(data)
    if name is None:
        name = Path(source).name if not isinstance(source, (bytes, bytearray, memoryview)) else format
    parsed = _Parsed(data)
    try:
        if format == "gqa":
            return read_gqa(parsed, name=name)
        if format == "sg2im":
            return read_sg2im(parsed, name=name)
        first = data[0] if isinstance(data, list) and data else {}
        rels = first.get("relationships") if isinstance(first, dict) else None
        if isinstance(rels, list) and rels and isinstance(rels[0], dict) and "subject" in rels[0]:
            return read_visual_genome(relationships=parsed, name=name)
        if isinstance(first, dict) and "relationships" not in first:
            return read_visual_genome(objects=parsed, name=name)
        return read_visual_genome(parsed, name=name)
    except GraphLensError:
        raise
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:
        # A record of the wrong shape deep inside an otherwise recognised file.
        raise MalformedFileError(
            f"not a valid {format} scene-graph file: a record has the wrong shape ({type(exc).__name__}: {exc})"
        ) from None
    except (RecursionError, MemoryError):
        raise MalformedFileError(f"the {format} scene-graph file is too large or too deeply nested to read") from None


def _object_id(graph: SceneGraph, i: int) -> Any:
    object_id = graph.object_ids[i] if graph.object_ids is not None else str(i)
    return int(object_id) if object_id.isdigit() else object_id


def _image_id(graph: SceneGraph, i: int) -> Any:
    image_id = graph.image_id or str(i)
    return int(image_id) if image_id.isdigit() else image_id


def write_scene_graphs(graphs, *, format: str = "vg") -> str:
    """Serialize scene graphs as Visual Genome ``scene_graphs.json``, GQA ``sceneGraphs`` or sg2im JSON.

    The VG writer adds ``width``/``height`` to each image (read back by
    :func:`read_visual_genome`); graphs without boxes get zero boxes in VG and GQA.

    Parameters
    ----------
    graphs : SceneGraphDataset or iterable of SceneGraph
    format : {"vg", "gqa", "sg2im"}

    Returns
    -------
    str
        The JSON text.

    Examples
    --------
    >>> g = SceneGraph(("man", "horse"), ((0, 1, "riding"),))
    >>> write_scene_graphs([g], format="sg2im")
    '[{"objects": ["man", "horse"], "relationships": [[0, "riding", 1]]}]'
    """
    if format not in FORMATS:
        raise ParameterError(f"format must be one of {', '.join(map(repr, FORMATS))} (got {format!r})")
    graphs = list(graphs)
    if format == "sg2im":
        return json.dumps([{"objects": list(g.labels), "relationships": [[s, p, o] for s, o, p in g.relations]} for g in graphs])

    def box(g: SceneGraph, i: int) -> dict:
        values = g.boxes[i] if g.boxes is not None else np.zeros(4)
        return {k: (int(v) if float(v).is_integer() else float(v)) for k, v in zip("xywh", values)}

    if format == "gqa":
        out = {}
        for n, g in enumerate(graphs):
            objects = {}
            for i, label in enumerate(g.labels):
                objects[str(_object_id(g, i))] = {
                    "name": label, **box(g, i),
                    "attributes": list(g.attributes[i]) if g.attributes is not None else [],
                    "relations": [{"name": p, "object": str(_object_id(g, o))} for s, o, p in g.relations if s == i],
                }
            record: dict[str, Any] = {"objects": objects}
            if g.image_size is not None:
                record = {"width": g.image_size[0], "height": g.image_size[1], **record}
            out[str(_image_id(g, n))] = record
        return json.dumps(out)
    records = []
    for n, g in enumerate(graphs):
        record = {"image_id": _image_id(g, n)}
        if g.image_size is not None:
            record.update(width=g.image_size[0], height=g.image_size[1])
        record["objects"] = [
            {"object_id": _object_id(g, i), **box(g, i), "names": [label], "synsets": [],
             **({"attributes": list(g.attributes[i])} if g.attributes is not None and g.attributes[i] else {})}
            for i, label in enumerate(g.labels)
        ]
        record["relationships"] = [
            {"relationship_id": k, "predicate": p, "synsets": [], "subject_id": _object_id(g, s), "object_id": _object_id(g, o)}
            for k, (s, o, p) in enumerate(g.relations)
        ]
        records.append(record)
    return json.dumps(records)


def load_demo_graphs() -> SceneGraphDataset:
    """The 30 sg2im demo scene graphs shipped in ``assets/scenegraph/sg2im`` (no boxes; 8 + 8 + 7 + 7).

    Examples
    --------
    >>> len(load_demo_graphs())
    30
    """
    graphs: list[SceneGraph] = []
    for path in sorted((ASSETS / "sg2im").glob("*.json")):
        part = read_sg2im(path, name=path.stem)
        graphs.extend(SceneGraph(g.labels, g.relations, image_id=f"{path.stem}#{i}") for i, g in enumerate(part))
    return SceneGraphDataset(tuple(graphs), vocabulary_from_graphs(graphs, name="sg2im demos"),
                             name="sg2im demos", source="sg2im")


def restrict_to_vocabulary(dataset: SceneGraphDataset, vocabulary: Vocabulary) -> SceneGraphDataset:
    """Keep only objects of ``vocabulary`` classes and relations between them with its predicates (as VG150 does).

    Graphs left without objects are dropped.
    """
    graphs = []
    for g in dataset:
        keep = [i for i, label in enumerate(g.labels) if (("object", label) in vocabulary)]
        if not keep:
            continue
        new_index = {old: new for new, old in enumerate(keep)}
        relations = tuple((new_index[s], new_index[o], p) for s, o, p in g.relations
                          if s in new_index and o in new_index and ("predicate", p) in vocabulary)
        graphs.append(SceneGraph(
            tuple(g.labels[i] for i in keep), relations,
            g.boxes[keep] if g.boxes is not None else None, g.image_size,
            tuple(g.attributes[i] for i in keep) if g.attributes is not None else None, g.image_id,
            tuple(g.object_ids[i] for i in keep) if g.object_ids is not None else None,
        ))
    return SceneGraphDataset(tuple(graphs), vocabulary, name=dataset.name, synthetic=dataset.synthetic, source=dataset.source)
