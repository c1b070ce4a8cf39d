"""The lean graph and summarizer internals (issue 10) give exactly the summaries of the code before them.

The pinned figures were produced at commit a526fd9 (before the int32 CSR build, the one-pass
simple adjacency, the sort-based block counts and the compacted neighbour pools) with the same
calls; any change of partition, superedge, tree or error shows up here. The SLUGGER pins were
re-made when the merge estimate learned to split the neighbour root too (issue 11): a deliberate
change of output (smaller summaries), not a regression of the lean paths.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from engine.datasets import load_dataset
from engine.summarization import slugger, ssumm


def _sha1(array) -> str:
    return hashlib.sha1(array.tobytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "fingerprint"),
    [
        ("karate_club", "96f664267fd3f6e645e85634446e80a23c86e50f67acefc3a990df47b977adaf"),
        ("ego_facebook", "4e364f283bac98d61f0f4144a3caed6c5a769d0976f16f826c82591fa0e0bb2c"),
    ],
)
def test_graph_fingerprints_are_unchanged(name, fingerprint):
    assert load_dataset(name).fingerprint() == fingerprint


@pytest.mark.parametrize(
    ("name", "re1", "re2", "size_bits", "partition"),
    [
        ("karate_club", 0.083630421865716, 0.007181005326958895, 236.70396719538235,
         "8c30ba027685cbad1f8b24c5c97c05af69dec0ca"),
        ("ego_facebook", 0.004567577935175156, 1.415443482594365e-05, 633188.0019922836,
         "1b3a62a85f9bd597f21287435755da8d210e14be"),
    ],
)
def test_ssumm_summary_is_unchanged(name, re1, re2, size_bits, partition):
    summary = ssumm(load_dataset(name), ratio=0.3, error="re1", seed=1)
    assert (summary.re1, summary.re2, summary.size_bits) == (re1, re2, size_bits)
    assert _sha1(summary.partition) == partition


def test_ssumm_budget_search_in_small_chunks_gives_the_same_summary(monkeypatch):
    import sys

    ssumm_module = sys.modules["engine.summarization.ssumm"]
    graph = load_dataset("karate_club")
    whole = ssumm(graph, ratio=0.3, error="re1", seed=1)
    monkeypatch.setattr(ssumm_module, "FIT_CHUNK", 3)  # karate's early summaries have ~78 blocks
    chunked = ssumm(graph, ratio=0.3, error="re1", seed=1)
    assert (chunked.re1, chunked.size_bits, chunked.history) == (whole.re1, whole.size_bits, whole.history)
    assert _sha1(chunked.partition) == _sha1(whole.partition)


@pytest.mark.parametrize(
    ("name", "relative_size", "counts", "parent", "pos", "neg"),
    [
        ("karate_club", 0.782051282051282, (44, 1, 16), "32af2b899e4a7a096290813bee90f6383b188c1d",
         "dd4d36a052f931923da24515cb344089cdd1f770", "70dbc24b6c4dbca69ffa4425ab8f9b4f55b453cc"),
        ("ego_facebook", 0.40696330212843124, (23097, 7088, 5723), "9a95e799b8e15fb65677a6195dd61a8dbc077ca7",
         "3ff7dd9544b7d525a579a7da7db04f171e3ec79f", "696a5d8377029f6b3d7920693874e551b1871d98"),
    ],
)
def test_slugger_summary_is_unchanged_and_lossless(name, relative_size, counts, parent, pos, neg):
    graph = load_dataset(name)
    summary = slugger(graph, seed=1)
    assert summary.relative_size == relative_size
    assert (summary.n_pos, summary.n_neg, summary.n_hier) == counts
    assert _sha1(summary.parent) == parent
    assert (_sha1(summary.pos_edges), _sha1(summary.neg_edges)) == (pos, neg)  # the edges, in their order
    assert summary.verified(graph).lossless


def test_slugger_encoding_in_small_key_slices_gives_the_same_summary(monkeypatch):
    import sys

    slugger_module = sys.modules["engine.summarization.slugger"]
    graph = load_dataset("karate_club")
    whole = slugger(graph, seed=1)
    monkeypatch.setattr(slugger_module, "KEY_SLICE", 5)  # about one edge's pairs per slice
    sliced = slugger(graph, seed=1)
    assert sliced.relative_size == whole.relative_size
    assert _sha1(sliced.parent) == _sha1(whole.parent)
    assert _sha1(sliced.pos_edges) == _sha1(whole.pos_edges) and _sha1(sliced.neg_edges) == _sha1(whole.neg_edges)


def _dissolve_with_dicts(parent, edges, n_leaves):
    """Pruning step (ii) as SLUGGER did it before issue 10, with a dict and a set per tree node: the reference."""
    parent = parent.copy()
    children: dict[int, list[int]] = {}
    for x in np.flatnonzero(parent >= 0):
        children.setdefault(int(parent[x]), []).append(int(x))
    incident: dict[int, set[int]] = {}
    edge_list = [tuple(int(v) for v in row) for row in edges]
    alive = [True] * len(edge_list)
    for index, (x, y, _) in enumerate(edge_list):
        incident.setdefault(x, set()).add(index)
        incident.setdefault(y, set()).add(index)
    queue = [int(x) for x in range(n_leaves, len(parent)) if parent[x] == -1 and x in children]
    while queue:
        root = queue.pop()
        edge_ids = incident.get(root, set())
        if len(edge_ids) != 1:
            continue
        (index,) = edge_ids
        x, y, sign = edge_list[index]
        if x == y:
            continue
        other = y if x == root else x
        alive[index] = False
        incident[other].discard(index)
        incident[root] = set()
        for child in children.pop(root):
            parent[child] = -1
            edge_list.append((child, other, sign))
            alive.append(True)
            incident.setdefault(child, set()).add(len(edge_list) - 1)
            incident[other].add(len(edge_list) - 1)
            if child in children:
                queue.append(child)
        parent[root] = -2
    kept = [edge for edge, keep in zip(edge_list, alive) if keep]
    return parent, np.array(kept, dtype=np.int64).reshape(-1, 3)


def _random_forest_and_edges(seed):
    """A forest as SLUGGER's merging leaves it (parents have larger ids, some spliced-out ids -2) and signed edges."""
    generator = np.random.default_rng(seed)
    n_leaves = int(generator.integers(2, 40))
    roots = list(range(n_leaves))
    parent = [-1] * n_leaves
    while len(roots) > 1 and generator.random() < 0.9:
        a, b = generator.choice(len(roots), size=2, replace=False)
        new = len(parent)
        parent.append(-1)
        parent[roots[a]] = parent[roots[b]] = new
        roots = [r for i, r in enumerate(roots) if i not in (a, b)] + [new]
    parent = np.array(parent, dtype=np.int64)
    removed = np.flatnonzero((np.arange(len(parent)) >= n_leaves) & (generator.random(len(parent)) < 0.15))
    for x in removed:  # splice x out: its children go to its parent
        parent[parent == x] = parent[x]
        parent[x] = -2
    nodes = np.flatnonzero(parent != -2)
    n_edges = int(generator.integers(0, 2 * len(nodes)))
    pairs = np.sort(generator.choice(nodes, size=(n_edges, 2)), axis=1)
    signs = generator.choice(np.array([-1, 1]), size=(n_edges, 1))
    return parent, np.hstack([pairs, signs]).astype(np.int64), n_leaves


@pytest.mark.parametrize("seed", range(200))
def test_array_dissolve_matches_the_dict_reference(seed):
    from engine.summarization.slugger import _dissolve_single_edge_roots

    parent, edges, n_leaves = _random_forest_and_edges(seed)
    expected_parent, expected_edges = _dissolve_with_dicts(parent, edges, n_leaves)
    got_parent, got_edges = _dissolve_single_edge_roots(parent, edges, n_leaves)
    assert np.array_equal(got_parent, expected_parent)
    assert np.array_equal(got_edges, expected_edges) and got_edges.dtype == expected_edges.dtype
