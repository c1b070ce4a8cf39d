"""Every embedding method on karate club (contract), FastRP against its dense formula, walks, HOPE and Laplacian checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.linalg

from engine.datasets import load_dataset
from engine.embedding import EMBEDDERS, embed, fastrp, hope, laplacian_eigenmaps
from engine.embedding.fastrp import _projection_matrix
from engine.embedding.walks import random_walks
from engine.errors import EmptyGraphError, ParameterError, UnsupportedGraphError
from engine.types import Graph

#: Small settings so the whole contract runs in seconds.
FAST = {
    "fastrp": {},
    "hope": {},
    "laplacian": {},
    "deepwalk": {"walks_per_node": 2, "walk_length": 10, "window": 3},
    "node2vec": {"walks_per_node": 2, "walk_length": 10, "window": 3, "p": 0.5, "q": 2.0},
    "sdne": {"hidden": 16, "n_epochs": 3},
}
#: One out-of-range parameter per method.
BAD = {
    "fastrp": {"beta": float("nan")},
    "hope": {"decay_ratio": 1.0},
    "laplacian": {"dim": 34},
    "deepwalk": {"window": 0},
    "node2vec": {"q": 0.0},
    "sdne": {"beta": 0.5},
}


@pytest.fixture(scope="module")
def karate() -> Graph:
    return load_dataset("karate_club")


def test_fast_settings_cover_every_method():
    assert set(FAST) == set(EMBEDDERS) == set(BAD)


@pytest.mark.parametrize("method", list(EMBEDDERS))
def test_method_contract(method, karate):
    first = embed(karate, method, dim=6, seed=3, **FAST[method])
    assert first.vectors.shape == (34, 6) and first.node_ids == karate.node_ids
    assert np.all(np.isfinite(first.vectors)) and np.any(first.vectors != 0)
    assert first.method == method and first.params["dim"] == 6 and first.params["seed"] == 3
    assert first.seconds > 0 and first.peak_bytes >= 0
    again = embed(karate, method, dim=6, seed=3, **FAST[method])
    np.testing.assert_array_equal(first.vectors, again.vectors)
    with pytest.raises(ParameterError):
        embed(karate, method, **{"dim": 6, "seed": 3, **FAST[method], **BAD[method]})
    with pytest.raises(ParameterError, match="dim"):
        embed(karate, method, dim=0, **FAST[method])
    with pytest.raises(EmptyGraphError):
        embed(Graph.from_edges([], [], n_nodes=3), method, dim=2, **FAST[method])
    with pytest.raises(UnsupportedGraphError):
        embed(Graph.from_edges([0, 1], [1, 2], directed=True), method, dim=2, **FAST[method])


@pytest.mark.parametrize("method", ["fastrp", "deepwalk", "node2vec", "sdne"])
def test_seed_changes_random_methods(method, karate):
    a = embed(karate, method, dim=6, seed=1, **FAST[method]).vectors
    b = embed(karate, method, dim=6, seed=2, **FAST[method]).vectors
    assert not np.allclose(a, b)


def test_fastrp_equals_dense_formula():
    graph = Graph.from_edges([0, 0, 1, 2, 3, 3], [1, 2, 2, 3, 4, 5], [1, 2, 1, 1, 3, 1], n_nodes=7)  # node 6 isolated
    weights, beta, dim, s = (0.5, 1.0, 2.0), -0.7, 5, 2.0
    result = fastrp(graph, dim=dim, weights=weights, beta=beta, sparsity=s, seed=11).vectors
    adjacency = graph.adjacency.toarray()
    degrees = adjacency.sum(axis=1)
    inverse = np.divide(1.0, degrees, out=np.zeros(7), where=degrees > 0)
    scale = np.power(degrees, beta, out=np.zeros(7), where=degrees > 0)
    projection = _projection_matrix(7, dim, s, np.random.default_rng(11)).toarray()
    assert set(np.unique(projection)) <= {-math.sqrt(s), 0.0, math.sqrt(s)}
    transition = np.diag(inverse) @ adjacency
    power = transition @ np.diag(scale) @ projection
    combined = weights[0] * power
    for alpha in weights[1:]:
        power = transition @ power
        combined = combined + alpha * power
    centred = combined - combined.mean(axis=0)
    std = centred.std(axis=0)
    expected = centred / np.where(std > 0, std, 1.0)
    np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("normalize_powers", [False, True])
def test_fastrp_column_blocks_give_the_vectors_of_all_columns_at_once(monkeypatch, normalize_powers):
    import sys

    fastrp_module = sys.modules["engine.embedding.fastrp"]
    graph = load_dataset("karate_club")
    monkeypatch.setattr(fastrp_module, "COLUMN_BLOCK", 64)
    whole = fastrp(graph, dim=20, seed=3, normalize_powers=normalize_powers).vectors
    monkeypatch.setattr(fastrp_module, "COLUMN_BLOCK", 3)  # 7 blocks, the last one of 2 columns
    blocked = fastrp(graph, dim=20, seed=3, normalize_powers=normalize_powers).vectors
    assert blocked.dtype == whole.dtype and np.array_equal(blocked, whole)


def test_fastrp_projection_density():
    projection = _projection_matrix(10_000, 50, 100.0, np.random.default_rng(0))
    assert projection.nnz / (10_000 * 50) == pytest.approx(0.01, rel=0.05)
    assert abs(projection.data.mean()) < 1.0  # signs balanced (values are ±10)


@pytest.mark.parametrize("name", ["karate_club", "les_miserables"])  # dense SVD (n <= 64) and svds on the LU operator
def test_hope_matches_dense_katz_svd(name):
    graph = load_dataset(name)
    n = graph.n_nodes
    vectors = hope(graph, dim=6, decay_ratio=0.5, seed=0).vectors
    adjacency = graph.adjacency.toarray()
    decay = 0.5 / np.max(np.abs(np.linalg.eigvalsh(adjacency)))
    katz = np.linalg.solve(np.eye(n) - decay * adjacency, decay * adjacency)
    sigma = np.linalg.svd(katz, compute_uv=False)[:4]
    source, target = vectors[:, :3], vectors[:, 3:]
    np.testing.assert_allclose(np.linalg.norm(source, axis=0) ** 2, sigma[:3], rtol=1e-6)
    error = np.linalg.norm(source @ target.T - katz, ord=2)
    assert error == pytest.approx(sigma[3], rel=1e-6)  # the best rank-3 approximation (Eckart-Young)


def test_laplacian_eigenmaps_solve_generalised_problem(karate):
    vectors = laplacian_eigenmaps(karate, dim=3, seed=0).vectors
    adjacency = karate.adjacency.toarray()
    degree = np.diag(adjacency.sum(axis=1))
    values = scipy.linalg.eigh(degree - adjacency, degree, eigvals_only=True)[1:4]
    for column, value in zip(vectors.T, values):
        np.testing.assert_allclose((degree - adjacency) @ column, value * degree @ column, atol=1e-8)
        assert column[np.argmax(np.abs(column))] > 0  # deterministic sign


def test_random_walks_follow_edges(karate):
    walks = random_walks(karate, walks_per_node=3, walk_length=12, p=0.5, q=2.0, seed=0)
    assert walks.shape == (102, 12)
    assert sorted(set(walks[:, 0].tolist())) == list(range(34))
    adjacency = karate.adjacency
    assert all(adjacency[a, b] > 0 for walk in walks for a, b in zip(walk[:-1], walk[1:]))


def test_node2vec_return_parameter_biases_walks(star_graph):
    # from a leaf the walk must go to the centre; a tiny p makes it return to the same leaf
    returning = random_walks(star_graph, walks_per_node=50, walk_length=3, p=0.01, q=1.0, seed=0)
    leaves = returning[returning[:, 0] != 0]
    assert np.mean(leaves[:, 2] == leaves[:, 0]) > 0.9
    uniform = random_walks(star_graph, walks_per_node=50, walk_length=3, seed=0)
    leaves = uniform[uniform[:, 0] != 0]
    assert 0.15 < np.mean(leaves[:, 2] == leaves[:, 0]) < 0.35  # 1 of 4 leaves


def test_random_walks_stop_at_isolated_nodes():
    walks = random_walks(Graph.from_edges([0], [1], n_nodes=3), walks_per_node=1, walk_length=4, seed=0)
    assert walks[2].tolist() == [2, -1, -1, -1]


def test_sdne_reconstructs_neighbourhoods_of_two_communities():
    from engine.embedding.assess import reconstruction_map

    rng = np.random.default_rng(0)
    community = np.repeat([0, 1], 15)
    pairs = [(i, j) for i in range(30) for j in range(i + 1, 30)
             if rng.random() < (0.5 if community[i] == community[j] else 0.02)]
    graph = Graph.from_edges([i for i, _ in pairs], [j for _, j in pairs], n_nodes=30)
    learned = reconstruction_map(graph, embed(graph, "sdne", dim=8, hidden=32, n_epochs=20, batch_size=8, seed=0),
                                 hops=(1,), max_nodes=None).map[0]
    random = reconstruction_map(graph, rng.standard_normal((30, 8)), hops=(1,), max_nodes=None).map[0]
    assert learned > random + 0.2


def test_every_embedder_has_a_method_record():
    from engine.methods import methods_for

    assert [method.name for method in methods_for("embedding")] == list(EMBEDDERS)


def test_sdne_batch_loss_is_the_full_loss_on_the_whole_graph():
    import torch

    from engine.embedding.sdne import SDNE

    graph = Graph.from_edges([0, 0, 1, 2, 3, 3, 4], [1, 2, 2, 3, 4, 5, 4], [1, 2, 1, 1, 3, 1, 2], n_nodes=7)
    rows = (graph.adjacency / 3.0).tocsr().astype(np.float32)  # a self-loop at 4, node 6 isolated
    torch.manual_seed(0)
    model = SDNE(7, 5, 3)
    alpha, beta, decay = 2.0, 4.0, 0.1
    every = np.arange(7)
    batch = model.batch_loss(rows, every, every, alpha=alpha, beta=beta, weight_decay=decay)
    with torch.no_grad():
        dense = torch.from_numpy(rows.toarray())
        embedding, reconstruction = model(rows)
        second = (((reconstruction - dense) * torch.where(dense > 0, beta, 1.0)) ** 2).sum()
        first = sum(dense[i, j] * ((embedding[i] - embedding[j]) ** 2).sum() for i in range(7) for j in range(i + 1, 7))
        weights = sum((p**2).sum() for name, p in model.named_parameters() if name.endswith("weight"))
        full = (second + alpha * first + decay * weights) / 7
    assert batch.item() == pytest.approx(full.item(), rel=1e-5)
    # and so is its gradient (the first layer's backward as X·G, the first-order term's as 2(D − A)Y)
    batch_gradients = torch.autograd.grad(batch, list(model.parameters()))
    embedding, reconstruction = model(rows)
    second = (((reconstruction - dense) * torch.where(dense > 0, beta, 1.0)) ** 2).sum()
    first = sum(dense[i, j] * ((embedding[i] - embedding[j]) ** 2).sum() for i in range(7) for j in range(i + 1, 7))
    weights = sum((p**2).sum() for name, p in model.named_parameters() if name.endswith("weight"))
    full_gradients = torch.autograd.grad((second + alpha * first + decay * weights) / 7, list(model.parameters()))
    for ours, exact in zip(batch_gradients, full_gradients):
        torch.testing.assert_close(ours, exact, rtol=1e-4, atol=1e-6)
    # a sampled batch estimates it without bias: the mean over every equally likely sample of 3 columns is exact
    estimates = [model.batch_loss(rows, every, np.array(columns), alpha=alpha, beta=beta, weight_decay=decay).item()
                 for columns in itertools.combinations(range(7), 3)]
    assert len(estimates) == 35 and np.mean(estimates) == pytest.approx(full.item(), rel=1e-5)
    assert np.std(estimates) > 0  # the samples differ: the average is not trivially exact


def _two_communities(n: int = 60, seed: int = 0) -> tuple[Graph, np.ndarray]:
    rng = np.random.default_rng(seed)
    community = np.repeat([0, 1], n // 2)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)
             if rng.random() < (0.3 if community[i] == community[j] else 0.03)]
    return Graph.from_edges([i for i, _ in pairs], [j for _, j in pairs], n_nodes=n), community


@pytest.mark.parametrize("labelled", [True, False])
def test_fastrp_tune_reports_values_that_reproduce_its_vectors(labelled):
    graph, community = _two_communities()
    labels = community if labelled else None
    tuned = fastrp(graph, dim=16, seed=5, tune=True, labels=labels)
    chosen = tuned.params
    assert chosen["tune"] is True and len(chosen["weights"]) in (4, 8, 12, 16, 24)  # q = 4, then the deep stage
    assert chosen["beta"] in (-0.628, 0.0)
    tuning = chosen["tuning"]
    assert tuning["criterion"] == ("validation accuracy" if labelled else "held-aside edge mAP@1")
    assert 0.0 <= tuning["score"] <= 1.0 and tuning["candidates"] == 2 * 2 * 5 + 12 + 4 * 2 * 2
    plain = fastrp(graph, dim=16, seed=5, weights=chosen["weights"], beta=chosen["beta"],
                   normalize_powers=chosen["normalize_powers"])
    # the search keeps the chosen candidate's matrix (its own node order and kernel), the plain run recomputes it
    np.testing.assert_allclose(tuned.vectors, plain.vectors, rtol=1e-3, atol=1e-3)
    again = fastrp(graph, dim=16, seed=5, tune=True, labels=labels)
    assert again.params == chosen


def test_fastrp_tune_criterion_follows_the_labels():
    graph, community = _two_communities(seed=1)
    true = fastrp(graph, dim=16, seed=2, tune=True, labels=community).params["tuning"]["score"]
    noise = np.random.default_rng(3).permutation(community)
    shuffled = fastrp(graph, dim=16, seed=2, tune=True, labels=noise).params["tuning"]["score"]
    assert true >= 0.9 > 0.8 > shuffled  # two well-separated communities; random labels cannot be predicted


def test_fastrp_tune_tries_more_powers_than_given():
    from engine.embedding.fastrp import TUNE_DEEP_POWERS

    graph, community = _two_communities()
    one_power = fastrp(graph, dim=16, seed=5, tune=True, labels=community, weights=(1.0,))
    assert one_power.params["tuning"]["candidates"] == 2 * 2 * 1 + 12 + len(TUNE_DEEP_POWERS) * 2 * 2
    chosen = one_power.params
    plain = fastrp(graph, dim=16, seed=5, weights=chosen["weights"], beta=chosen["beta"],
                   normalize_powers=chosen["normalize_powers"])
    np.testing.assert_allclose(one_power.vectors, plain.vectors, rtol=1e-3, atol=1e-3)  # whichever depth won
    longest = max(TUNE_DEEP_POWERS)
    deep = fastrp(graph, dim=16, seed=5, tune=True, labels=community, weights=(1.0,) * longest)
    assert deep.params["tuning"]["candidates"] == 2 * 2 * 4 + 12  # nothing deeper to try


def test_fastrp_tune_rejects_labels_of_the_wrong_shape():
    graph, community = _two_communities()
    with pytest.raises(ParameterError, match="labels"):
        fastrp(graph, dim=8, seed=0, tune=True, labels=community[:10])


def test_fastrp_tune_through_the_method_contract_reports_the_chosen_values(karate):
    from engine.methods import GraphInput, execute, get_method

    run = execute(get_method("fastrp"), GraphInput(karate), {"dim": 8, "tune": True}, seed=1, record=False)
    tuned = run.result.details()["tuned"]
    assert tuned["tuning"]["criterion"] == "validation accuracy"  # karate's factions are its labels
    assert tuned["weights"] == run.result.embedding.params["weights"] and len(tuned["weights"]) in (4, 8, 12, 16, 24)
    plain = execute(get_method("fastrp"), GraphInput(karate), {"dim": 8}, seed=1, record=False)
    assert plain.result.details()["tuned"] is None


def test_skipgram_progress_message_advances_with_the_walks_trained(karate):
    from engine.embedding import deepwalk

    reports = []
    deepwalk(karate, dim=8, walks_per_node=2, walk_length=10, n_epochs=2, seed=0,
             on_progress=lambda f, m: reports.append((f, m)))
    training = [(f, m) for f, m in reports if "skip-gram" in m]
    assert reports[0][1] == "deepwalk: sampling 68 walks of 10 steps"
    assert len({m for _, m in training}) == len(training) == 40  # 20 calls per epoch, each with its own message
    assert [f for f, _ in training] == sorted(f for f, _ in training) and training[-1][0] == 1.0
    assert training[0][1] == "deepwalk: skip-gram epoch 1/2, 4 of 68 walks (2%)"
    assert training[-1][1] == "deepwalk: skip-gram epoch 2/2, 68 of 68 walks (100%)"


def test_skipgram_alias_table_draws_each_node_with_its_weight():
    from engine.embedding.walks import _alias_table

    weights = np.array([1.0, 2.0, 3.0, 4.0, 0.5])
    probability, alias = _alias_table(weights)
    # slot k (chosen with probability 1/n) gives k with probability[k] and alias[k] otherwise
    drawn = probability.copy()
    np.add.at(drawn, alias, 1.0 - probability)
    np.testing.assert_allclose(drawn / weights.size, weights / weights.sum())
    assert np.all((probability >= 0) & (probability <= 1))


def test_skipgram_kernel_takes_the_logistic_steps_of_word2vec():
    from engine.embedding.walks import _train_walks

    generator = np.random.default_rng(0)
    vectors = generator.normal(0, 0.3, (2, 4)).astype(np.float32)
    outputs = generator.normal(0, 0.3, (2, 4)).astype(np.float32)
    v, o = vectors.astype(np.float64), outputs.astype(np.float64)
    sigmoid = lambda x: 1.0 / (1.0 + math.exp(-x))  # noqa: E731
    rate = 0.1
    # walk [0, 1], window 1, no noise: centre 0 is predicted from context 1, then centre 1 from context 0
    step = (1.0 - sigmoid(v[1] @ o[0])) * rate
    v1, o0 = v[1] + step * o[0], o[0] + step * v[1]
    step = (1.0 - sigmoid(v[0] @ o[1])) * rate
    v0, o1 = v[0] + step * o[1], o[1] + step * v[0]
    state = np.array([7], dtype=np.uint64)
    read = _train_walks(np.array([[0, 1]]), vectors, outputs, np.ones(2), np.ones(2), np.arange(2), 1, 0, rate, 1e-4,
                        0, 4, state)
    assert read == 2
    np.testing.assert_allclose(vectors, [v0, v1], rtol=1e-5)
    np.testing.assert_allclose(outputs, [o0, o1], rtol=1e-5)
    # the next walk starts at the rate decayed linearly by the tokens read: 0.1 - (0.1 - 1e-4) * 2 / 4
    before = outputs.copy()
    _train_walks(np.array([[1, 0]]), vectors.copy(), outputs, np.ones(2), np.ones(2), np.arange(2), 1, 0, rate,
                 1e-4, 2, 4, state)
    x = vectors.astype(np.float64)
    expected = before[1] + (1.0 - sigmoid(x[0] @ before[1])) * (0.1 - (0.1 - 1e-4) * 0.5) * x[0]
    np.testing.assert_allclose(outputs[1], expected, rtol=1e-5)


def test_skipgram_chunks_continue_one_training(monkeypatch, karate):
    import sys

    from engine.embedding import deepwalk

    walks_module = sys.modules["engine.embedding.walks"]
    chunked = deepwalk(karate, dim=8, walks_per_node=3, walk_length=10, n_epochs=2, seed=5).vectors
    monkeypatch.setattr(walks_module, "_CHUNKS", 1)
    whole = deepwalk(karate, dim=8, walks_per_node=3, walk_length=10, n_epochs=2, seed=5).vectors
    np.testing.assert_array_equal(chunked, whole)  # state, token count and learning rate carry between calls


def test_skipgram_places_the_nodes_of_a_clique_together():
    from engine.embedding import deepwalk

    clique = [(a, b) for a in range(8) for b in range(a + 1, 8)]
    edges = clique + [(a + 8, b + 8) for a, b in clique] + [(0, 8)]  # two 8-cliques joined by one edge
    graph = Graph.from_edges([a for a, _ in edges], [b for _, b in edges], n_nodes=16)
    vectors = deepwalk(graph, dim=16, walks_per_node=20, walk_length=20, window=3, n_epochs=5, seed=1).vectors
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosine = unit @ unit.T
    np.fill_diagonal(cosine, np.nan)
    side = np.arange(16) >= 8
    together = side[:, None] == side[None, :]
    assert np.array_equal(side[np.nanargmax(cosine, axis=1)], side)  # every node's nearest node is in its clique
    assert np.nanmean(cosine[together]) > np.nanmean(cosine[~together]) + 0.3


def test_fastrp_tuning_products_in_their_node_order_are_transition_products():
    from engine.embedding.fastrp import _Propagation

    graph = Graph.from_edges([0, 0, 1, 2, 3, 3], [1, 2, 2, 3, 4, 5], [1, 2, 1, 1, 3, 1], n_nodes=7)  # node 6 isolated
    adjacency = graph.adjacency.toarray()
    degrees = adjacency.sum(axis=1)
    transition = np.diag(np.divide(1.0, degrees, out=np.zeros(7), where=degrees > 0)) @ adjacency
    chain = _Propagation(graph.adjacency)
    assert sorted(chain.order.tolist()) == list(range(7)) and chain.position[chain.order].tolist() == list(range(7))
    x = np.random.default_rng(0).standard_normal((7, 5)).astype(np.float32)
    product = chain.product(np.ascontiguousarray(x[chain.order]))
    np.testing.assert_allclose(product[chain.position], transition @ x, rtol=1e-5, atol=1e-6)
    # the deep stage's pass also updates the running sums S <- S / 1.5 + P x (raw and row-normalised)
    sums = {False: np.ones((7, 5), dtype=np.float32), True: np.full((7, 5), 2.0, dtype=np.float32)}
    product = chain.product(np.ascontiguousarray(x[chain.order]), sums, 1 / 1.5)[chain.position]
    norms = np.linalg.norm(product, axis=1, keepdims=True)
    np.testing.assert_allclose(sums[False][chain.position], 1 / 1.5 + product, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(sums[True][chain.position], 2 / 1.5 + product / np.where(norms > 0, norms, 1.0),
                               rtol=1e-5, atol=1e-6)
    assert not product[6].any()  # the isolated node's row stays zero
    projection = _projection_matrix(7, 5, 2.0, np.random.default_rng(1))
    start = chain.start(projection, -0.5)[chain.position]
    scale = np.power(degrees, -0.5, out=np.zeros(7), where=degrees > 0)
    np.testing.assert_allclose(start, np.diag(scale) @ projection.toarray(), rtol=1e-6)


def test_fastrp_tuning_products_cover_every_degree_of_the_four_neighbour_passes():
    from engine.embedding.fastrp import _Propagation

    # a star of degree 13 and rows of degree 0-9 exercise the four-at-a-time passes and every remainder (0-3)
    rng = np.random.default_rng(4)
    edges = [(0, leaf) for leaf in range(1, 14)] + [(a, b) for a in range(14, 30) for b in range(a + 1, 30)
                                                     if rng.random() < 0.3]
    graph = Graph.from_edges([a for a, _ in edges], [b for _, b in edges], rng.uniform(0.5, 2.0, len(edges)),
                             n_nodes=32)  # nodes 30 and 31 isolated
    adjacency = graph.adjacency.toarray()
    degrees = adjacency.sum(axis=1)
    assert {0, 1, 13} <= set(np.count_nonzero(adjacency, axis=1).tolist())
    assert {count % 4 for count in np.count_nonzero(adjacency, axis=1)} == {0, 1, 2, 3}
    transition = np.diag(np.divide(1.0, degrees, out=np.zeros(32), where=degrees > 0)) @ adjacency
    chain = _Propagation(graph.adjacency)
    x = rng.standard_normal((32, 19)).astype(np.float32)  # a width that is no multiple of the vector length
    np.testing.assert_allclose(chain.product(np.ascontiguousarray(x[chain.order]))[chain.position], transition @ x,
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("normalize", [False, True])
def test_fastrp_tuning_accumulate_adds_weighted_rows_in_place(normalize):
    from engine.embedding.fastrp import _accumulate

    x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 0.0]], dtype=np.float32)  # a zero row stays zero when normalised
    total = np.ones((3, 2), dtype=np.float32)
    _accumulate(x, total, 0.5, 2.0, normalize)
    rows = np.array([[0.6, 0.8], [0.0, 0.0], [1.0, 0.0]]) if normalize else x
    np.testing.assert_allclose(total, 0.5 + 2.0 * rows, rtol=1e-6)
