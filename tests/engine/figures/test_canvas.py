"""The mounted drawing's payload: what is sent on a colour change and on a geometry change."""

from __future__ import annotations

import json

import numpy as np

from engine.figures.canvas import IMAGE_REFERENCE, canvas_payload, image_ids
from engine.figures.graph import MAX_LINE_EDGES, OVERVIEW_POINTS, network_figure
from engine.types import Graph


def _ring(n: int) -> Graph:
    nodes = np.arange(n)
    return Graph.from_edges(np.concatenate([nodes, nodes]), np.concatenate([(nodes + 1) % n, (nodes + 7) % n]))


def _circle(n: int, radius: float = 1.0) -> np.ndarray:
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return radius * np.column_stack([np.cos(angle), np.sin(angle)])


def test_canvas_payload_sends_the_edge_image_once_and_a_reference_after():
    graph = _ring(3000)  # 6,000 edges: above MAX_LINE_EDGES, the edges are one image
    assert graph.n_edges > MAX_LINE_EDGES
    positions = _circle(graph.n_nodes)
    first = network_figure(graph, positions, color=np.arange(graph.n_nodes), color_label="index")
    image = first.layout.images[0].source
    image_id = image_ids(first)["edges"]
    sent = canvas_payload(first, geometry="ring:circle")
    assert sent["images"] == {image_id: image}
    assert sent["figure"]["layout"]["images"][0]["source"] == IMAGE_REFERENCE + image_id
    assert sent["figure"]["layout"]["uirevision"] == "ring:circle"
    # a colour change: same positions, same image; the browser has it, so only the reference travels
    recoloured = network_figure(graph, positions, color=-np.arange(graph.n_nodes), color_label="minus",
                                edge_png=image)
    again = canvas_payload(recoloured, geometry="ring:circle", known_images=[image_id])
    assert again["images"] == {}
    assert again["figure"]["layout"]["images"][0]["source"] == IMAGE_REFERENCE + image_id
    assert again["figure"]["data"][0]["marker"]["colorbar"]["title"]["text"] == "minus"
    assert len(json.dumps(again)) < len(json.dumps(sent)) - len(image) + 1000
    # a geometry change: other positions draw another image, which is sent although one is known
    moved = network_figure(graph, _circle(graph.n_nodes, 2.0) + 5)
    new = canvas_payload(moved, geometry="ring:moved", known_images=[image_id])
    assert image_ids(moved)["edges"] != image_id and list(new["images"]) == [image_ids(moved)["edges"]]


def test_canvas_payload_of_line_edges_has_no_image_and_is_plain_json():
    graph = Graph.from_edges([0, 1, 2], [1, 2, 0])
    figure = network_figure(graph, _circle(3), color=np.array([0.5, 1.0, 2.0]), size=np.array([1.0, 2.0, 3.0]),
                            highlight=[1])
    payload = canvas_payload(figure, geometry="g", known_images=["something"], config={"displaylogo": False})
    assert image_ids(figure) == {} and payload["images"] == {}
    assert [t["name"] for t in payload["figure"]["data"]] == ["edges", "nodes", "highlighted"]
    assert payload["config"] == {"displaylogo": False}
    # Streamlit serialises the data with plain json.dumps: every value must be JSON already
    assert json.loads(json.dumps(payload)) == payload


def test_canvas_payload_sends_an_overview_node_image_once_per_colouring():
    """Above max_points the nodes are an image too: it follows the colours, so a recolouring sends a new
    one, while a change of size or a search (same colours) sends only references."""
    graph = _ring(OVERVIEW_POINTS + 1000)  # more nodes than the overview keeps as markers
    positions = _circle(graph.n_nodes)
    first = network_figure(graph, positions, color=np.arange(graph.n_nodes), max_points=100)
    ids = image_ids(first)
    assert sorted(ids) == ["edges", "nodes"]
    sent = canvas_payload(first, geometry="g")
    assert sorted(sent["images"]) == sorted(ids.values())
    sources = {image["name"]: image["source"] for image in sent["figure"]["layout"]["images"]}
    assert sources == {name: IMAGE_REFERENCE + image_id for name, image_id in ids.items()}
    # a size change and a search keep the colours: the same two images, neither resent
    resized = network_figure(graph, positions, color=np.arange(graph.n_nodes), size=np.arange(graph.n_nodes) % 7,
                             highlight=[3], max_points=100)
    assert image_ids(resized) == ids
    assert canvas_payload(resized, geometry="g", known_images=ids.values())["images"] == {}
    # a recolouring: a new node image, sent; the edge image is not
    recoloured = network_figure(graph, positions, color=-np.arange(graph.n_nodes), max_points=100)
    new = canvas_payload(recoloured, geometry="g", known_images=ids.values())
    assert image_ids(recoloured)["edges"] == ids["edges"]
    assert list(new["images"]) == [image_ids(recoloured)["nodes"]] != [ids["nodes"]]
