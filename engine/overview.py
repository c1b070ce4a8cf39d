"""Server-side rasterisation of a drawn graph: edges (and, for huge graphs, nodes) as one RGBA image.

A browser draws a few hundred thousand WebGL points fluidly but not a line per edge: the edge trace of
ego-Facebook (88k edges, 265k line vertices) alone takes 4-5 s to draw in headless Chromium, and a
million edges do not fit in a figure at all. So the drawing sends the edges as one PNG, rendered here for
the visible region, and only the nodes as WebGL points (see :mod:`engine.figures.graph`).

The aggregation is the one datashader performs (count the edges crossing each pixel, then shade the counts
through histogram equalisation, so that a dense core and sparse periphery are both visible), written as a
small numba kernel. Measured on this 2-core machine (bench/explore_overview.py, 100k nodes / 200k
edges, 1200 x 800 px, heavily loaded), datashader 0.19's ``Canvas.line`` spent 30 s compiling its kernels
on the first call of every fresh process (each server start) and then took 0.6 s; this kernel is compiled
once and cached on disk (1.7 s on a first call, 1.5 s warm). A first drawing that waits half a minute
costs more than a second on later ones, and datashader would add seven packages (xarray, param, ...). Segments are clipped to the viewport first
(Liang–Barsky), so a zoomed-in render costs what the visible part costs.

Examples
--------
>>> import numpy as np
>>> positions = np.array([[0.0, 0.0], [1.0, 0.0]])
>>> raster = edge_raster(positions, np.array([0]), np.array([1]), width=5, height=3,
...                      x_range=(0.0, 1.0), y_range=(-1.0, 1.0))
>>> (raster.counts > 0).astype(int).tolist()
[[0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]

References
----------
Y. Liang & B. A. Barsky, A new concept and method for line clipping, ACM Transactions on Graphics 3(1), 1984.
J. A. Bednar et al., Datashader: revealing the structure of genuinely big data, SciPy 2016 (the
aggregate-then-shade pipeline and equalised-histogram shading followed here).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import numba
import numpy as np

from engine._validation import check_positive_int
from engine.errors import ParameterError

__all__ = ["Raster", "edge_raster", "node_raster", "shade_counts", "png_bytes", "png_data_uri",
           "bounds", "nodes_in_box", "nodes_in_polygon"]

#: Largest image side accepted, in pixels.
MAX_SIDE = 4096


@dataclass(frozen=True)
class Raster:
    """Per-pixel counts over a rectangle of the layout plane.

    Parameters
    ----------
    counts : numpy.ndarray
        ``(height, width)`` uint32 counts; row 0 is the *top* of the image (largest y).
    x_range, y_range : (float, float)
        The plane rectangle the image covers.
    """

    counts: np.ndarray
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @property
    def width(self) -> int:
        """Image width in pixels."""
        return int(self.counts.shape[1])

    @property
    def height(self) -> int:
        """Image height in pixels."""
        return int(self.counts.shape[0])


def bounds(positions: np.ndarray, margin: float = 0.02) -> tuple[tuple[float, float], tuple[float, float]]:
    """The bounding box of ``positions`` widened by ``margin`` of its size on each side.

    Examples
    --------
    >>> bounds(np.array([[0.0, 0.0], [1.0, 2.0]]), margin=0.0)
    ((0.0, 1.0), (0.0, 2.0))
    """
    positions = np.asarray(positions, dtype=np.float64)
    if positions.size == 0:
        return (-1.0, 1.0), (-1.0, 1.0)
    low, high = positions.min(axis=0), positions.max(axis=0)
    # a dimension of zero extent (one node, a straight line) gets a unit half-width
    pad = np.where(high > low, (high - low) * margin, 1.0)
    return (float(low[0] - pad[0]), float(high[0] + pad[0])), (float(low[1] - pad[1]), float(high[1] + pad[1]))


def _check_canvas(width: int, height: int, x_range, y_range) -> tuple[int, int, float, float, float, float]:
    width, height = check_positive_int(width, "width"), check_positive_int(height, "height")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ParameterError(f"width and height must be <= {MAX_SIDE} (got {width} x {height})")
    x0, x1 = (float(v) for v in x_range)
    y0, y1 = (float(v) for v in y_range)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x1 > x0 and y1 > y0):
        raise ParameterError(f"x_range and y_range must be finite, increasing pairs (got {x_range}, {y_range})")
    return width, height, x0, x1, y0, y1


@numba.njit(cache=True, nogil=True)
def _draw_segments(px0, py0, px1, py1, counts):  # pragma: no cover - compiled
    height, width = counts.shape
    for i in range(px0.size):
        ax, ay, bx, by = px0[i], py0[i], px1[i], py1[i]
        dx, dy = bx - ax, by - ay
        # Liang–Barsky clipping against [0, width) x [0, height).
        t0, t1 = 0.0, 1.0
        visible = True
        for p, q in ((-dx, ax), (dx, width - 1e-6 - ax), (-dy, ay), (dy, height - 1e-6 - ay)):
            if p == 0.0:
                if q < 0.0:
                    visible = False
                    break
            else:
                r = q / p
                if p < 0.0:
                    if r > t1:
                        visible = False
                        break
                    if r > t0:
                        t0 = r
                else:
                    if r < t0:
                        visible = False
                        break
                    if r < t1:
                        t1 = r
        if not visible:
            continue
        sx, sy = ax + t0 * dx, ay + t0 * dy
        ex, ey = ax + t1 * dx, ay + t1 * dy
        steps = int(max(abs(ex - sx), abs(ey - sy))) + 1
        stepx, stepy = (ex - sx) / steps, (ey - sy) / steps
        last_x, last_y = -1, -1
        for k in range(steps + 1):
            ix, iy = int(sx + k * stepx), int(sy + k * stepy)
            if ix == last_x and iy == last_y:
                continue
            if 0 <= ix < width and 0 <= iy < height:
                counts[height - 1 - iy, ix] += 1
            last_x, last_y = ix, iy


def _to_pixels(values: np.ndarray, low: float, high: float, size: int) -> np.ndarray:
    return ((values - low) * (size / (high - low))).astype(np.float64)


def edge_raster(
    positions: np.ndarray,
    source: np.ndarray,
    target: np.ndarray,
    *,
    width: int,
    height: int,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
) -> Raster:
    """Count, for every pixel, the edges whose straight segment crosses it.

    Parameters
    ----------
    positions : numpy.ndarray
        ``(n_nodes, 2)`` node coordinates.
    source, target : numpy.ndarray
        Edge end positions (self-loops draw nothing).
    width, height : int
        Image size in pixels (at most :data:`MAX_SIDE`).
    x_range, y_range : (float, float), optional
        The rectangle drawn; by default the bounding box of ``positions`` (see :func:`bounds`).

    Returns
    -------
    Raster
        Counts with row 0 at the top; a segment marks each pixel it passes through once.

    Raises
    ------
    ParameterError
        If sizes or ranges are invalid, or the edge arrays do not match the positions.
    """
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 2 or positions.shape[1] != 2:
        raise ParameterError(f"positions must have shape (n_nodes, 2) (got {positions.shape})")
    if x_range is None or y_range is None:
        default_x, default_y = bounds(positions)
        x_range, y_range = x_range or default_x, y_range or default_y
    width, height, x0, x1, y0, y1 = _check_canvas(width, height, x_range, y_range)
    source, target = np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64)
    if source.shape != target.shape:
        raise ParameterError(f"source and target differ in length ({source.size} vs {target.size})")
    if source.size and (min(source.min(), target.min()) < 0 or max(source.max(), target.max()) >= len(positions)):
        raise ParameterError(f"edge positions must lie in 0..{len(positions) - 1}")
    counts = np.zeros((height, width), dtype=np.uint32)
    px = _to_pixels(positions[:, 0], x0, x1, width)
    py = _to_pixels(positions[:, 1], y0, y1, height)
    _draw_segments(px[source], py[source], px[target], py[target], counts)
    return Raster(counts, (x0, x1), (y0, y1))


def node_raster(
    positions: np.ndarray,
    colors: np.ndarray,
    *,
    order: np.ndarray | None = None,
    width: int,
    height: int,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    radius: int = 1,
) -> np.ndarray:
    """An RGBA image of the nodes as small squares; where nodes overlap, the last in ``order`` shows.

    Parameters
    ----------
    positions : numpy.ndarray
        ``(n_nodes, 2)`` coordinates.
    colors : numpy.ndarray
        ``(n_nodes, 4)`` uint8 RGBA colour of each node.
    order : numpy.ndarray, optional
        Drawing order (positions); e.g. ascending degree puts hubs on top. Default: position order.
    width, height : int
    x_range, y_range : (float, float)
    radius : int
        Half-side of each node's square, in pixels (0 draws one pixel).

    Returns
    -------
    numpy.ndarray
        ``(height, width, 4)`` uint8 image, transparent where no node is.
    """
    width, height, x0, x1, y0, y1 = _check_canvas(width, height, x_range, y_range)
    positions = np.asarray(positions, dtype=np.float64)
    colors = np.asarray(colors, dtype=np.uint8)
    if colors.shape != (len(positions), 4):
        raise ParameterError(f"colors must have shape ({len(positions)}, 4) (got {colors.shape})")
    order = np.arange(len(positions)) if order is None else np.asarray(order, dtype=np.int64)
    # clipped to a band around the canvas so that far-away (or non-finite) nodes cannot overflow the index
    outside = -radius - 1.0
    px = np.nan_to_num(_to_pixels(positions[order, 0], x0, x1, width), nan=outside, neginf=outside)
    py = np.nan_to_num(_to_pixels(positions[order, 1], y0, y1, height), nan=outside, neginf=outside)
    ix = np.clip(np.floor(px), outside, width + radius)
    iy = np.clip(np.floor(py), outside, height + radius)
    image = np.zeros((height, width, 4), dtype=np.uint8)
    _draw_squares(ix.astype(np.int64), (height - 1 - iy).astype(np.int64), colors[order], int(radius), image)
    return image


@numba.njit(cache=True, nogil=True)
def _draw_squares(ix, iy, colors, radius, image):  # pragma: no cover - compiled
    """Paint a square of half-side ``radius`` per node, in the given order (a later node covers an earlier)."""
    height, width = image.shape[0], image.shape[1]
    for i in range(ix.size):
        for cy in range(max(iy[i] - radius, 0), min(iy[i] + radius + 1, height)):
            for cx in range(max(ix[i] - radius, 0), min(ix[i] + radius + 1, width)):
                for c in range(4):
                    image[cy, cx, c] = colors[i, c]


def shade_counts(counts: np.ndarray, rgb: tuple[int, int, int] = (70, 70, 80), *, min_alpha: int = 40,
                 max_alpha: int = 230) -> np.ndarray:
    """Shade counts into one colour whose opacity follows the equalised histogram of the non-zero counts.

    Returns
    -------
    numpy.ndarray
        ``(height, width, 4)`` uint8 RGBA, transparent where the count is 0.

    Examples
    --------
    >>> shade_counts(np.array([[0, 1, 5]]))[0, :, 3].tolist()
    [0, 135, 230]
    """
    counts = np.asarray(counts)
    image = np.zeros(counts.shape + (4,), dtype=np.uint8)
    image[..., :3] = rgb
    nonzero = counts > 0
    values = counts[nonzero]
    if values.size:
        distinct, inverse, frequency = np.unique(values, return_inverse=True, return_counts=True)
        cdf = np.cumsum(frequency) / values.size  # share of drawn pixels at or below each count
        image[..., 3][nonzero] = np.round(min_alpha + cdf[inverse] * (max_alpha - min_alpha)).astype(np.uint8)
    return image


def nodes_in_box(positions: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]) -> np.ndarray:
    """Positions of the nodes inside the rectangle (bounds included, in either order).

    Examples
    --------
    >>> nodes_in_box(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]]), (2.0, 0.5), (0.0, 1.0)).tolist()
    [1, 2]
    """
    positions = np.asarray(positions, dtype=np.float64)
    (x0, x1), (y0, y1) = sorted(map(float, x_range)), sorted(map(float, y_range))
    keep = (positions[:, 0] >= x0) & (positions[:, 0] <= x1) & (positions[:, 1] >= y0) & (positions[:, 1] <= y1)
    return np.flatnonzero(keep)


def nodes_in_polygon(positions: np.ndarray, xs, ys) -> np.ndarray:
    """Positions of the nodes inside the polygon with vertices ``(xs[i], ys[i])`` (even-odd rule).

    Examples
    --------
    >>> square = ([0, 2, 2, 0], [0, 0, 2, 2])
    >>> nodes_in_polygon(np.array([[1.0, 1.0], [3.0, 1.0], [1.0, 1.9]]), *square).tolist()
    [0, 2]
    """
    positions = np.asarray(positions, dtype=np.float64)
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    if xs.shape != ys.shape or xs.size < 3:
        raise ParameterError(f"a polygon needs >= 3 vertices with x and y each (got {xs.size} and {ys.size})")
    candidates = nodes_in_box(positions, (xs.min(), xs.max()), (ys.min(), ys.max()))
    px, py = positions[candidates, 0], positions[candidates, 1]
    inside = np.zeros(candidates.size, dtype=bool)
    for i in range(xs.size):
        ax, ay, bx, by = xs[i - 1], ys[i - 1], xs[i], ys[i]
        crosses = (ay > py) != (by > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = ax + (py - ay) * (bx - ax) / (by - ay)
        inside ^= crosses & (px < at)
    return candidates[inside]


def png_bytes(image: np.ndarray) -> bytes:
    """Encode an ``(height, width, 4)`` uint8 RGBA image as PNG."""
    from PIL import Image

    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 4 or image.dtype != np.uint8:
        raise ParameterError(f"image must be (height, width, 4) uint8 (got {image.shape} {image.dtype})")
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def png_data_uri(image: np.ndarray) -> str:
    """The image as a ``data:image/png;base64,...`` URI (a Plotly layout image source)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")
