"""Teaching aids shared by the pages: explained charts, the glossary, papers, shareable links, demos.

Not a page itself (``app.py`` lists pages explicitly); imported as ``pages._teaching``.
The texts live in :mod:`engine.glossary`; this module only shows them.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import plotly.graph_objects as go
import streamlit as st

from engine.demos import Demo, demo
from engine.glossary import bibtex, figure_note, has_term, lookup
from engine.methods import get_method
from engine.runs import RunRegistry, predict_seconds

#: Session-state key of the chosen figure download format.
EXPORT_FORMAT = "_teaching.export_format"


def chart(fig: go.Figure, builder: str, *, key: str | None = None) -> None:
    """Show a figure with PNG/SVG export from its toolbar and its "What am I looking at?" expander."""
    fmt = st.session_state.get(EXPORT_FORMAT, "png")
    config = {"displaylogo": False, "toImageButtonOptions": {
        "format": fmt, "filename": builder.replace(".", "_"), "scale": 2 if fmt == "png" else 1}}
    st.plotly_chart(fig, width="stretch", key=key, config=config)
    with st.expander("What am I looking at?"):
        st.text(figure_note(builder))


def export_format_choice() -> None:
    """Sidebar choice of the format the charts' camera button downloads."""
    st.sidebar.radio("Chart download (camera button)", ["png", "svg"], key=EXPORT_FORMAT, horizontal=True)


def glossary(keys: Iterable[str], *, title: str = "What do these numbers mean?") -> None:
    """An expander with each metric's name, definition, formula and paper (unknown keys skipped)."""
    terms = []
    for key in dict.fromkeys(keys):
        if has_term(key):
            terms.append(lookup(key))
    if not terms:
        return
    with st.expander(title):
        for term in terms:
            better = f" ({term.better} is better)" if term.better else ""
            st.markdown(f"**{_escape(term.name)}**{better}")
            st.text(term.definition)
            if term.formula:
                st.latex(term.formula)
            if term.paper:
                st.caption(_escape(term.paper))


def paper_box(method: str) -> None:
    """The method's paper in one line and its BibTeX in a copy box."""
    spec = get_method(method)
    with st.expander(f"Cite {spec.title}"):
        st.text(spec.paper)
        st.code(bibtex(spec.name), language="bibtex")


def predicted_time(method: str, n_edges: int) -> None:
    """A caption with the run time predicted from this machine's past runs of the method, when there are some."""
    estimate = predict_seconds(RunRegistry(), method, n_edges)
    if estimate is not None:
        st.caption(f"Expected run time: about {estimate.seconds:.0f} s "
                   f"(from {estimate.n_runs} earlier {get_method(method).title} runs here, fitted on graph size).")


def share_state(values: Mapping[str, Any]) -> None:
    """Write the page's state into the URL (``st.query_params``) so that a copied link reopens this view."""
    for name, value in values.items():
        text = "" if value is None else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    st.caption("The address bar now holds this view (dataset, method, parameters, seed): copy it to share.")


def shared(name: str, default: Any = None, *, kind: type | None = None, choices: Iterable[Any] | None = None) -> Any:
    """A state value read from the URL, converted to ``kind`` and checked against ``choices``; else ``default``."""
    text = st.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        value = (text.lower() == "true") if kind is bool else (kind(text) if kind is not None else text)
    except (TypeError, ValueError):
        return default
    if choices is not None and value not in list(choices):
        return default
    return value


def seed_from_url(key: str, name: str = "seed") -> None:
    """Before the widget is drawn: take ``name`` from the URL into widget ``key`` once per session."""
    marker = f"_teaching.url_read.{key}"
    if marker not in st.session_state:
        st.session_state[marker] = True
        value = st.query_params.get(name)
        if value not in (None, ""):
            st.session_state[key] = value


def show_me(page: str, draw: Callable[[Demo], None]) -> None:
    """The page's "Show me" button: when pressed, the preset's title, narrative and ``draw(preset)``'s figures."""
    preset = demo(page)
    state = f"{page}.demo"
    if st.button(f"Show me: {preset.title}", key=f"{page}.show_me"):
        st.session_state[state] = True
    if not st.session_state.get(state):
        return
    st.subheader(preset.title)
    st.info(preset.narrative)
    from pages._shared import guard

    with guard("The demo"):
        draw(preset)
    if st.button("Close the demo", key=f"{page}.close_demo"):
        st.session_state[state] = False
        st.rerun()
    st.divider()


def _escape(text: str) -> str:
    """Text safe inside st.markdown (markdown and HTML characters escaped)."""
    for char in "\\`*_{}[]()#+-.!|<>~$":
        text = text.replace(char, "\\" + char)
    return text
