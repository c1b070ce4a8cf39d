"""What the Explore page sends to its mounted drawing component (``assets/canvas.js``) on each rerun.

The component keeps one Plotly graph across reruns and updates it with ``Plotly.react``, so a change of
colour, size or search costs a restyle in the browser, not a new chart. This module turns a figure of
:func:`engine.figures.graph.network_figure` into the component's payload:

- ``figure``: the figure as plain JSON (numpy arrays as Plotly's base64 typed arrays), with the source of
  each of its images (the edges, and in an overview the nodes) replaced by a reference
  ``graphlens-image:<id>`` (a content hash) to an image the browser caches;
- ``images``: ``{id: data URI}``, only for images the browser was not sent before (``known_images``), so a
  change of colour does not resend the edge PNG, and a change of size or search resends no PNG at all;
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
from typing import Collection

import plotly.graph_objects as go

__all__ = ["EDGE_IMAGE", "IMAGE_REFERENCE", "image_ids", "canvas_payload"]

#: Name of the layout image that holds the edges (see :func:`engine.figures.graph.network_figure`).
EDGE_IMAGE = "edges"
#: Prefix of an image ``source`` that the component fills from its cache.
IMAGE_REFERENCE = "graphlens-image:"


def image_ids(figure: go.Figure) -> dict[str, str]:
    """Content hash of each named image of the figure (e.g. ``edges``, ``nodes``), by name.

    Examples
    --------
    >>> fig = go.Figure()
    >>> image_ids(fig)
    {}
    >>> _ = fig.add_layout_image(source="data:image/png;base64,AAAA", name="edges")
    >>> image_ids(fig)
    {'edges': '54313a1ad12c5b86'}
    """
    return {image.name: hashlib.blake2b(image.source.encode(), digest_size=8).hexdigest()
            for image in figure.layout.images if image.name and isinstance(image.source, str) and image.source}


def canvas_payload(figure: go.Figure, *, geometry: str, known_images: Collection[str] = (),
                   config: dict | None = None) -> dict:
    """The component's data for ``figure``: each named image sent by reference, its data only if unknown.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        A network figure; its named layout images (:data:`EDGE_IMAGE`, and ``nodes`` in an overview) are
        sent by reference.
    geometry : str
        Key of the node positions (becomes ``layout.uirevision``).
    known_images : collection of str
        The :func:`image_ids` the browser already holds (those sent to this session lately).
    config : dict, optional
        Plotly config (mode bar, download format).

    Returns
    -------
    dict
        ``figure`` (JSON-able ``data`` and ``layout``), ``images`` (id -> data URI of the images the browser
        does not hold, empty when it holds them all or there are none), ``geometry`` and ``config``.
    """
    spec = json.loads(figure.to_json())  # plotly's encoder: numpy arrays travel as base64 typed arrays
    spec.pop("frames", None)
    layout = spec.setdefault("layout", {})
    layout["uirevision"] = geometry
    images: dict[str, str] = {}
    ids = image_ids(figure)
    for image in layout.get("images", []):
        image_id = ids.get(image.get("name"))
        if image_id is not None:
            if image_id not in known_images:
                images[image_id] = image["source"]
            image["source"] = IMAGE_REFERENCE + image_id
    return {"figure": spec, "images": images, "geometry": geometry, "config": dict(config or {})}
