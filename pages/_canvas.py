"""The Explore drawing as a Streamlit component that stays mounted across reruns (``assets/components/canvas.js``).

``st.plotly_chart`` derives its element id from the figure, so every change of colour, size or search
mounted a new chart (React remount and ``Plotly.newPlot`` of every marker and the edge image). This
component has a stable key: the browser keeps its Plotly graph and updates it in place
(``Plotly.react``), and each image (edges, an overview's nodes) is sent once: the browser keeps the last
:data:`KNOWN_IMAGES` by content hash, and later payloads name them (:mod:`engine.figures.canvas`).

Plotly.js is the copy installed with the ``plotly`` package, copied at the first draw into a temporary
folder that Streamlit serves as a (v1) component's static files; the component itself is a v2 one (no
iframe). Not a page (``app.py`` lists pages explicitly); imported as ``pages._canvas``.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

import plotly
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components_v1

from engine.figures.canvas import canvas_payload, image_ids

__all__ = ["canvas"]

_JS = Path(__file__).resolve().parents[1] / "assets" / "components" / "canvas.js"
_COMPONENT = st.components.v2.component("graphlens.canvas", js=_JS.read_text(encoding="utf-8"),
                                        isolate_styles=False)
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_ASSETS = "plotly_js"  # registered as "pages._canvas.plotly_js"
#: Images the page's cache keeps (``CACHED_IMAGES`` in canvas.js, the same number): a colour revisited
#: after a few clicks is still there; one the browser dropped is asked for again (trigger "missing").
KNOWN_IMAGES = 8
_folder: str | None = None
_lock = threading.Lock()


def _plotly_folder() -> str:
    """A folder holding only the installed plotly.min.js (created once per process, removed at exit)."""
    global _folder
    with _lock:
        if _folder is None:
            folder = tempfile.mkdtemp(prefix="graphlens-plotly-")
            shutil.copyfile(_PLOTLY_JS, Path(folder) / "plotly.min.js")
            atexit.register(shutil.rmtree, folder, True)
            _folder = folder
    return _folder


def _plotly_url() -> str:
    """URL (relative to the page) of plotly.min.js, served by the running app."""
    declared = components_v1.declare_component(_ASSETS, path=_plotly_folder())
    return f"component/{declared.name}/plotly.min.js?v={plotly.__version__}"


def _forget(sent: str) -> None:
    st.session_state.pop(sent, None)


def canvas(figure: go.Figure, *, key: str, geometry: str, config: dict | None = None) -> dict | None:
    """Draw ``figure`` in the mounted component; return the current box or lasso selection on ``geometry``.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        A network figure (:func:`engine.figures.graph.network_figure`).
    key : str
        Widget key of the component (stable: the browser keeps the graph while it is the same).
    geometry : str
        Key of the node positions (see :func:`engine.figures.canvas.canvas_payload`).
    config : dict, optional
        Plotly config.

    Returns
    -------
    dict or None
        ``{"box": [{"x": [x0, x1], "y": [y0, y1]}]}`` or ``{"lasso": [{"x": [...], "y": [...]}]}`` in layout
        coordinates, the user's last selection made on these positions; None when there is none.
    """
    sent = f"{key}.sent_images"  # ids of the images this session's browser was sent last, oldest first
    known = st.session_state.get(sent, [])
    payload = canvas_payload(figure, geometry=geometry, known_images=known, config=config)
    payload["plotly"] = _plotly_url()
    result = _COMPONENT(key=key, data=payload, default={"selection": None}, height="content",
                        on_selection_change=lambda: None, on_missing_change=lambda: _forget(sent))
    current = list(image_ids(figure).values())
    st.session_state[sent] = ([i for i in known if i not in current] + current)[-KNOWN_IMAGES:]
    selection = result.get("selection")
    if not isinstance(selection, dict) or selection.get("geometry") != geometry:
        return None
    return selection
