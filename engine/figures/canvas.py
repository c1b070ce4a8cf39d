"""What the Explore page sends to its mounted drawing component (``assets/canvas.js``) on each rerun.

The component keeps one Plotly graph across reruns and updates it with ``Plotly.react``, so a change of
colour, size or search costs a restyle in the browser, not a new chart. This module turns a figure of
:func:`engine.figures.graph.network_figure` into the component's payload:

- ``figure``: the figure as plain JSON (numpy arrays as Plotly's base64 typed arrays), with the edge
  image's ``source`` replaced by a reference ``graphlens-image:<id>`` to an image the browser caches;
- ``images``: ``{id: data URI}``, only for an edge image the browser was not sent before
  (``known_image``), so a change of colour does not resend the PNG;
- ``geometry``: a key of what fixes the node positions (view, layout, seed, zoom region); it is the
  layout's ``uirevision`` (the user's zoom and tool are kept while it is unchanged) and it tags a
  selection, so that a selection made on other positions is ignored.

Examples
--------
>>> import numpy as np
>>> from engine.figures.graph import network_figure
>>> from engine.types import Graph
>>> g = Graph.from_edges([0, 1], [1, 2])
>>> payload = canvas_payload(network_figure(g, np.zeros((3, 2))), geometry="g")
>>> sorted(payload), payload["images"], payload["figure"]["layout"]["uirevision"]
(['config', 'figure', 'geometry', 'images'], {}, 'g')
"""

from __future__ import annotations

import hashlib
import json

import plotly.graph_objects as go

__all__ = ["EDGE_IMAGE", "IMAGE_REFERENCE", "edge_image_id", "canvas_payload"]

#: Name of the layout image that holds the edges (see :func:`engine.figures.graph.network_figure`).
EDGE_IMAGE = "edges"
#: Prefix of an image ``source`` that the component fills from its cache.
IMAGE_REFERENCE = "graphlens-image:"


def edge_image_id(figure: go.Figure) -> str | None:
    """Content hash of the figure's edge image (None when the edges are lines).

    Examples
    --------
    >>> fig = go.Figure()
    >>> edge_image_id(fig) is None
    True
    >>> _ = fig.add_layout_image(source="data:image/png;base64,AAAA", name="edges")
    >>> edge_image_id(fig)
    '54313a1ad12c5b86'
    """
    for image in figure.layout.images:
        if image.name == EDGE_IMAGE and image.source:
            return hashlib.blake2b(image.source.encode(), digest_size=8).hexdigest()
    return None


def canvas_payload(figure: go.Figure, *, geometry: str, known_image: str | None = None,
                   config: dict | None = None) -> dict:
    """The component's data for ``figure``: the edge image only if it is not ``known_image``.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        A network figure; its layout image named :data:`EDGE_IMAGE`, if any, is sent by reference.
    geometry : str
        Key of the node positions (becomes ``layout.uirevision``).
    known_image : str, optional
        The :func:`edge_image_id` the browser already holds (the last one sent to this session).
    config : dict, optional
        Plotly config (mode bar, download format).

    Returns
    -------
    dict
        ``figure`` (JSON-able ``data`` and ``layout``), ``images`` (id -> data URI, empty when the browser
        has the edge image or there is none), ``geometry`` and ``config``.
    """
    spec = json.loads(figure.to_json())  # plotly's encoder: numpy arrays travel as base64 typed arrays
    spec.pop("frames", None)
    layout = spec.setdefault("layout", {})
    layout["uirevision"] = geometry
    images: dict[str, str] = {}
    image_id = edge_image_id(figure)
    for image in layout.get("images", []):
        if image.get("name") == EDGE_IMAGE and image_id is not None:
            if image_id != known_image:
                images[image_id] = image["source"]
            image["source"] = IMAGE_REFERENCE + image_id
    return {"figure": spec, "images": images, "geometry": geometry, "config": dict(config or {})}
