"""Scene graphs as PyTorch Geometric ``Data`` and ``HeteroData``."""

from __future__ import annotations

import torch
from torch_geometric.data import Data, HeteroData

from engine.scenegraph._encode import encode_graph
from engine.scenegraph.types import SceneGraph, Vocabulary

__all__ = ["to_pyg", "to_hetero_data"]


def to_pyg(graph: SceneGraph, vocabulary: Vocabulary) -> Data:
    """One scene graph as a directed ``Data``.

    Returns
    -------
    Data
        ``x`` (n,) object class indices, ``box`` (n, 4) ``(xc, yc, w, h)`` in image
        units (zeros without boxes), ``edge_index`` (2, m) subject -> object,
        ``edge_attr`` (m,) predicate indices (0-based), ``num_nodes``.

    Examples
    --------
    >>> from engine.scenegraph.vocab import vocabulary_from_graphs
    >>> g = SceneGraph(("man", "horse"), ((0, 1, "riding"),))
    >>> to_pyg(g, vocabulary_from_graphs([g])).edge_index.tolist()
    [[0], [1]]
    """
    encoded = encode_graph(graph, vocabulary)
    return Data(
        x=torch.from_numpy(encoded.labels),
        box=torch.from_numpy(encoded.unit_boxes),
        edge_index=torch.from_numpy(encoded.relations[:, :2].T.copy()),
        edge_attr=torch.from_numpy(encoded.relations[:, 2].copy()),
        num_nodes=graph.n_objects,
    )


def to_hetero_data(graph: SceneGraph, vocabulary: Vocabulary) -> HeteroData:
    """One scene graph as a bipartite ``HeteroData`` with predicates as their own nodes (as sg2im draws it).

    Node types ``object`` (``x`` class, ``box``) and ``predicate`` (``x`` predicate
    index, one node per relation); edge types ``(object, subject_of, predicate)``
    and ``(predicate, has_object, object)``.

    Examples
    --------
    >>> from engine.scenegraph.vocab import vocabulary_from_graphs
    >>> g = SceneGraph(("man", "horse"), ((0, 1, "riding"),))
    >>> h = to_hetero_data(g, vocabulary_from_graphs([g]))
    >>> h["predicate", "has_object", "object"].edge_index.tolist()
    [[0], [1]]
    """
    encoded = encode_graph(graph, vocabulary)
    relations = torch.from_numpy(encoded.relations)
    data = HeteroData()
    data["object"].x = torch.from_numpy(encoded.labels)
    data["object"].box = torch.from_numpy(encoded.unit_boxes)
    data["predicate"].x = relations[:, 2].clone()
    index = torch.arange(len(relations))
    data["object", "subject_of", "predicate"].edge_index = torch.stack([relations[:, 0], index])
    data["predicate", "has_object", "object"].edge_index = torch.stack([index, relations[:, 1]])
    return data
