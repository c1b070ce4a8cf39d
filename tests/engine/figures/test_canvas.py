"""The mounted drawing's payload: what is sent on a colour change and on a geometry change."""

from __future__ import annotations

import json

import numpy as np

from engine.figures.canvas import IMAGE_REFERENCE, canvas_payload, edge_image_id
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
    image_id = edge_image_id(first)
    sent = canvas_payload(first, geometry="ring:circle")
    assert sent["images"] == {image_id: image}
    assert sent["figure"]["layout"]["images"][0]["source"] == IMAGE_REFERENCE + image_id
    assert sent["figure"]["layout"]["uirevision"] == "ring:circle"
    # a colour change: same positions, same image; the browser has it, so only the reference travels
    recoloured = network_figure(graph, positions, color=-np.arange(graph.n_nodes), color_label="minus",
                                edge_png=image)
    again = canvas_payload(recoloured, geometry="ring:circle", known_image=image_id)
    assert again["images"] == {}
    assert again["figure"]["layout"]["images"][0]["source"] == IMAGE_REFERENCE + image_id
    assert again["figure"]["data"][0]["marker"]["colorbar"]["title"]["text"] == "minus"
    assert len(json.dumps(again)) < len(json.dumps(sent)) - len(image) + 1000
    # a geometry change: other positions draw another image, which is sent although one is known
    moved = network_figure(graph, _circle(graph.n_nodes, 2.0) + 5)
    new = canvas_payload(moved, geometry="ring:moved", known_image=image_id)
    assert edge_image_id(moved) != image_id and list(new["images"]) == [edge_image_id(moved)]


def test_canvas_payload_of_line_edges_has_no_image_and_is_plain_json():
    graph = Graph.from_edges([0, 1, 2], [1, 2, 0])
    figure = network_figure(graph, _circle(3), color=np.array([0.5, 1.0, 2.0]), size=np.array([1.0, 2.0, 3.0]),
                            highlight=[1])
    payload = canvas_payload(figure, geometry="g", known_image="something", config={"displaylogo": False})
    assert edge_image_id(figure) is None and payload["images"] == {}
    assert [t["name"] for t in payload["figure"]["data"]] == ["edges", "nodes", "highlighted"]
    assert payload["config"] == {"displaylogo": False}
    # Streamlit serialises the data with plain json.dumps: every value must be JSON already
    assert json.loads(json.dumps(payload)) == payload


def test_canvas_payload_sends_an_overview_node_image_every_time():
    """Above max_points the nodes are an image too; it changes with the colours, so it is never a reference."""
    graph = _ring(OVERVIEW_POINTS + 1000)  # more nodes than the overview keeps as markers
    figure = network_figure(graph, _circle(graph.n_nodes), color=np.arange(graph.n_nodes), max_points=100)
    payload = canvas_payload(figure, geometry="g", known_image=edge_image_id(figure))
    sources = {image["name"]: image["source"] for image in payload["figure"]["layout"]["images"]}
    assert sources["edges"].startswith(IMAGE_REFERENCE) and sources["nodes"].startswith("data:image/png;base64,")
    assert payload["images"] == {}
