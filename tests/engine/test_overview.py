"""engine.overview: edge and node rasters (hand-checked pixels), shading, selection geometry, PNG."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import ParameterError
from engine.overview import (
    bounds,
    edge_raster,
    node_raster,
    nodes_in_box,
    nodes_in_polygon,
    png_bytes,
    png_data_uri,
    shade_counts,
)


def test_edge_raster_marks_exactly_the_pixels_of_a_horizontal_and_a_vertical_edge():
    # a 10 x 10 canvas over [0, 10] x [0, 10]: pixel (column i, row 9 - j) covers [i, i+1) x [j, j+1)
    positions = np.array([[0.5, 2.5], [9.5, 2.5], [4.5, 0.5], [4.5, 9.5]])
    raster = edge_raster(positions, np.array([0, 2]), np.array([1, 3]), width=10, height=10,
                         x_range=(0, 10), y_range=(0, 10))
    expected = np.zeros((10, 10), dtype=np.uint32)
    expected[9 - 2, :] += 1  # the horizontal edge at y = 2.5, columns 0..9
    expected[:, 4] += 1  # the vertical edge at x = 4.5, rows 0..9
    np.testing.assert_array_equal(raster.counts, expected)
    assert (raster.width, raster.height) == (10, 10)


def test_edge_raster_diagonal_is_connected_and_stays_near_the_segment():
    positions = np.array([[0.0, 0.0], [1.0, 1.0]])
    raster = edge_raster(positions, [0], [1], width=50, height=50, x_range=(0, 1), y_range=(0, 1))
    rows, columns = np.nonzero(raster.counts)
    assert len(rows) >= 50  # at least one pixel per column
    np.testing.assert_array_less(np.abs((49 - rows) - columns), 2)  # on the diagonal (row 0 is the top)


def test_edge_raster_clips_to_the_region_and_counts_overlaps():
    # two identical edges far wider than the region: only the visible part is drawn, counted twice
    positions = np.array([[-1000.0, 0.5], [1000.0, 0.5], [5.0, 5.0]])
    raster = edge_raster(positions, [0, 0, 2], [1, 1, 2], width=8, height=4, x_range=(0, 1), y_range=(0, 1))
    assert raster.counts.sum() == 2 * 8  # the self-loop (2, 2) lies outside and draws nothing
    assert set(np.unique(raster.counts)) == {0, 2}


def test_edge_raster_image_covers_where_the_edges_are_on_a_random_geometric_graph():
    rng = np.random.default_rng(0)
    positions = rng.random((300, 2))
    source, target = rng.integers(0, 300, 400), rng.integers(0, 300, 400)
    raster = edge_raster(positions, source, target, width=64, height=48)
    (x0, x1), (y0, y1) = raster.x_range, raster.y_range
    # the pixel under each edge's midpoint is drawn (the DDA may round a few off by one pixel)
    middle = (positions[source] + positions[target]) / 2
    columns = ((middle[:, 0] - x0) / (x1 - x0) * 64).astype(int)
    rows = 47 - ((middle[:, 1] - y0) / (y1 - y0) * 48).astype(int)
    assert (raster.counts[np.clip(rows, 0, 47), np.clip(columns, 0, 63)] > 0).mean() > 0.95


def test_edge_raster_rejects_bad_input():
    with pytest.raises(ParameterError, match="width and height must be <= 4096"):
        edge_raster(np.zeros((2, 2)), [0], [1], width=5000, height=10)
    with pytest.raises(ParameterError, match="edge positions must lie in 0..1"):
        edge_raster(np.zeros((2, 2)), [0], [2], width=10, height=10)
    with pytest.raises(ParameterError, match="increasing pairs"):
        edge_raster(np.zeros((2, 2)), [0], [1], width=10, height=10, x_range=(1, 0), y_range=(0, 1))


def test_node_raster_last_in_order_wins_and_squares_have_the_radius():
    positions = np.array([[0.5, 0.5], [0.5, 0.5], [9.5, 9.5]])
    colors = np.array([[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]], dtype=np.uint8)
    image = node_raster(positions, colors, order=np.array([1, 0, 2]), width=10, height=10,
                        x_range=(0, 10), y_range=(0, 10), radius=1)
    assert image[9, 0].tolist() == [255, 0, 0, 255]  # node 0 drawn after node 1
    assert image[8, 1].tolist() == [255, 0, 0, 255]  # radius 1: a 3 x 3 square (clipped at the border)
    assert image[0, 9].tolist() == [0, 0, 255, 255]
    assert image[5, 5, 3] == 0
    assert np.count_nonzero(image[..., 3]) == 4 + 4


def test_shade_counts_equalises_and_leaves_empty_pixels_transparent():
    counts = np.array([[0, 1, 1, 100]])
    image = shade_counts(counts, (10, 20, 30), min_alpha=0, max_alpha=200)
    assert image[0, 0].tolist() == [10, 20, 30, 0]
    # two of three drawn pixels have count 1 (cdf 2/3), one has 100 (cdf 1): a rank, not a linear scale
    assert image[0, 1:, 3].tolist() == [133, 133, 200]


def test_png_round_trip_and_data_uri():
    image = np.zeros((3, 5, 4), dtype=np.uint8)
    image[1, 2] = (1, 2, 3, 4)
    decoded = np.asarray(Image.open(io.BytesIO(png_bytes(image))))
    np.testing.assert_array_equal(decoded, image)
    assert png_data_uri(image).startswith("data:image/png;base64,iVBOR")
    with pytest.raises(ParameterError):
        png_bytes(np.zeros((3, 5, 3), dtype=np.uint8))


def test_bounds_and_selection_geometry():
    positions = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [0.5, 1.5]])
    assert bounds(positions, margin=0.5) == ((-1.0, 3.0), (-0.75, 2.25))
    assert bounds(np.array([[1.0, 1.0]]), margin=0.1) == ((0.0, 2.0), (0.0, 2.0))
    assert nodes_in_box(positions, (0.0, 1.0), (0.0, 1.0)).tolist() == [0, 1]
    triangle = ([-0.1, 2.4, -0.1], [-0.1, -0.1, 2.4])  # x, y > -0.1 and x + y < 2.3: node 2 (sum 2.5) is out
    assert nodes_in_polygon(positions, *triangle).tolist() == [0, 1, 3]
    with pytest.raises(ParameterError, match=">= 3 vertices"):
        nodes_in_polygon(positions, [0, 1], [0, 1])


def test_node_raster_matches_painting_squares_one_by_one():
    """The compiled painter gives what painting each node's square in order, in Python, gives."""
    rng = np.random.default_rng(3)
    positions = rng.uniform(-0.2, 1.2, (300, 2))  # some nodes off the canvas, some squares clipped
    positions[7] = np.nan  # a node without a position draws nothing
    colors = rng.integers(0, 256, (300, 4)).astype(np.uint8)
    order = rng.permutation(300)
    width, height, radius = 23, 17, 2
    image = node_raster(positions, colors, order=order, width=width, height=height, x_range=(0, 1), y_range=(0, 1),
                        radius=radius)
    expected = np.zeros((height, width, 4), dtype=np.uint8)
    for node in order:
        x, y = positions[node]
        if not np.isfinite([x, y]).all():
            continue
        column, row = int(np.floor(x * width)), height - 1 - int(np.floor(y * height))
        for r in range(row - radius, row + radius + 1):
            for c in range(column - radius, column + radius + 1):
                if 0 <= r < height and 0 <= c < width:
                    expected[r, c] = colors[node]
    np.testing.assert_array_equal(image, expected)
