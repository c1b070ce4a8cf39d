"""Teaching aids shared by the pages: explained charts, the glossary, papers, shareable links, demos.

Not a page itself (``app.py`` lists pages explicitly); imported as ``pages._teaching``.
The texts live in :mod:`engine.glossary`; this module only shows them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlencode

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine.demos import Demo, demo
from engine.glossary import bibtex, figure_note, has_term, lookup
from engine.methods import estimate_seconds, get_method
from pages._shared import dataset_names, guard, plain

#: Session-state key of the chosen figure download format.
EXPORT_FORMAT = "_teaching.export_format"


def chart(fig: go.Figure, builder: str, *, key: str | None = None) -> None:
    """Show a figure with PNG/SVG export from its toolbar and its "What am I looking at?" expander."""
    st.plotly_chart(fig, width="stretch", key=key, config=chart_config(builder))
    explain(builder)


def chart_config(builder: str) -> dict:
    """Plotly config of a chart: the camera button downloads the format chosen in the sidebar."""
    fmt = st.session_state.get(EXPORT_FORMAT, "png")
    return {"displaylogo": False, "toImageButtonOptions": {
        "format": fmt, "filename": builder.replace(".", "_"), "scale": 2 if fmt == "png" else 1}}


def explain(builder: str) -> None:
    """The "What am I looking at?" expander of a figure (for charts drawn with their own ``st.plotly_chart``)."""
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
            st.markdown(f"**{plain(term.name)}**{better}")
            st.text(term.definition)
            if term.formula:
                st.latex(term.formula)
            if term.paper:
                st.caption(plain(term.paper))


def paper_box(method: str) -> None:
    """The method's paper in one line and its BibTeX in a copy box."""
    spec = get_method(method)
    with st.expander(f"Cite {spec.title}"):
        st.text(spec.paper)
        st.code(bibtex(spec.name), language="bibtex")


def predicted_time(inputs: Any, params: Mapping[str, Mapping[str, Any]]) -> None:
    """One caption with the run time of each method (``params``: method name -> its parameters) on ``inputs``,
    predicted from this machine's past runs (:func:`engine.methods.estimate_seconds`); nothing without history."""
    texts = []
    for method, values in params.items():
        estimate = estimate_seconds(method, inputs, values)
        if estimate is not None:
            which = "these parameters" if estimate.same_params else "any parameters"
            texts.append(f"{get_method(method).title} about {_duration(estimate.seconds)} ({estimate.n_runs} "
                         f"earlier runs with {which})")
    if texts:
        st.caption(plain("Expected run time, fitted on input size: " + "; ".join(texts) + "."))


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


#: Longest text a link may put into a widget (longer values are ignored).
MAX_LINK_TEXT = 200


@dataclass(frozen=True)
class Shared:
    """One piece of a page's state kept in the URL: query parameter ``name`` <-> session-state key ``key``.

    Attributes
    ----------
    name : str
        The query parameter (``?dataset=karate_club``).
    key : str
        The widget's session-state key, set from the link before the widget is drawn.
    kind : type
        ``str``, ``int``, ``float`` or ``bool`` (of each item when ``many``).
    choices : iterable or callable, optional
        The allowed values, or a function returning them (called when the link is read).
    check : callable, optional
        ``check(value) -> value``, raising ``ValueError`` (``GraphLensError``s are) on a bad value,
        e.g. a method's :meth:`~engine.methods.Param.validate`.
    many : bool
        A comma-separated list (a multiselect's value).
    """

    name: str
    key: str
    kind: type = str
    choices: Iterable[Any] | Callable[[], Iterable[Any]] | None = None
    check: Callable[[Any], Any] | None = None
    many: bool = False

    def parse(self, text: str) -> Any:
        """The value that ``text`` (from the URL) stands for.

        Raises
        ------
        ValueError
            If it is not of the kind, not a choice or rejected by ``check``.
        """
        if self.many:
            return [self._one(item) for item in text.split(",") if item != ""]
        return self._one(text)

    def _one(self, text: str) -> Any:
        if len(text) > MAX_LINK_TEXT:
            raise ValueError(f"longer than {MAX_LINK_TEXT} characters")
        if self.kind is bool:
            if text.lower() not in ("true", "false", "1", "0"):
                raise ValueError("must be true or false")
            value: Any = text.lower() in ("true", "1")
        elif self.kind is int:
            try:
                value = int(text)
            except ValueError:
                raise ValueError("must be an integer") from None
        elif self.kind is float:
            try:
                value = float(text)
            except ValueError:
                raise ValueError("must be a number") from None
            if not math.isfinite(value):
                raise ValueError("must be a finite number")
        else:
            value = text
        if self.choices is not None:
            allowed = list(self.choices() if callable(self.choices) else self.choices)
            if value not in allowed:
                raise ValueError("not one of the choices here")
        if self.check is not None:
            value = self.check(value)
        return value


def url_text(value: Any) -> str | None:
    """How ``value`` is written in the URL (``None``: left out)."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        items = [url_text(item) for item in value]
        return ",".join(item for item in items if item) or None
    text = str(value)
    return text or None


def _link(page: str) -> dict[str, str]:
    """The query parameters this page was first opened with in this session (the link followed)."""
    opening = f"_links.{page}.opening"
    if opening not in st.session_state:
        st.session_state[opening] = {name: st.query_params.get(name) for name in st.query_params}
    return st.session_state[opening]


def restore(page: str, fields: Iterable[Shared], *, known: Iterable[str] = ()) -> dict[str, Any]:
    """Put the values of the link this page was opened with into their widgets, once per session.

    Call it before the widgets are drawn; it may be called several times per run for fields whose
    choices are known only later (each field is read once). Invalid and unknown parameters are
    ignored with one quiet caption naming them (as plain text, never markup); nothing raises.

    Parameters
    ----------
    page : str
        The page's key prefix.
    fields : iterable of Shared
    known : iterable of str
        Other parameter names of this page, restored by a later call (not reported as unknown).

    Returns
    -------
    dict
        Parameter name -> value, for the fields set from the link by this call.
    """
    fields = list(fields)
    first = f"_links.{page}.opening" not in st.session_state
    link = _link(page)
    restored: dict[str, Any] = {}
    notes: list[str] = []
    if first:
        expected = {field.name for field in fields} | set(known)
        notes += [f"{_short(name)} (not a setting of this page)" for name in link if name not in expected]
    for field in fields:
        marker = f"_links.{page}.read.{field.name}"
        if marker in st.session_state:
            continue
        st.session_state[marker] = True
        text = link.get(field.name)
        if text in (None, ""):
            continue
        try:
            value = field.parse(text)
        except (ValueError, TypeError) as exc:
            notes.append(f"{field.name}={_short(text)} ({exc})")
            continue
        st.session_state[field.key] = value
        restored[field.name] = value
    if notes:
        st.caption(plain("Ignored from the link: " + "; ".join(notes) + "."))
    return restored


def share(values: Mapping[str, Any]) -> None:
    """Write these values into the URL (``st.query_params``); ``None``, ``""`` or ``[]`` removes one."""
    for name, value in values.items():
        text = url_text(value)
        if text is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != text:
            st.query_params[name] = text


def link_box(path: str = "") -> None:
    """A "Copy link" popover with this view's address in a code box (its copy button copies it).

    ``path`` is the page's URL path, used when the browser's address is unknown (e.g. in AppTest).
    """
    query = urlencode({name: st.query_params.get(name) for name in st.query_params})
    base = st.context.url or f"./{path}"
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This view's address (the address bar holds it too). The button at the box's right copies it; "
                   "opening it reopens this view.")
        st.code(f"{base}?{query}" if query else base, language=None, wrap_lines=True)


def check_seed(seed: int) -> int:
    """A seed from a link: the range :func:`pages._shared.seed_input` accepts.

    Raises
    ------
    ValueError
        Outside 0 … 2**31 - 1.
    """
    if not 0 <= seed <= 2**31 - 1:
        raise ValueError("must be between 0 and 2147483647")
    return seed


def dataset_field(page: str) -> Shared:
    """The graph picker's dataset (:func:`pages._shared.graph_picker` with prefix ``page``) as a link field."""
    return Shared("dataset", f"{page}.dataset", choices=dataset_names)


def restore_dataset(page: str, restored: Mapping[str, Any]) -> None:
    """After :func:`restore`: a link that names a dataset opens the picker on the built-in datasets."""
    if "dataset" in restored:
        st.session_state[f"{page}.source"] = "Built-in dataset"


def picked_dataset(page: str) -> str | None:
    """The dataset the picker of ``page`` shows, for the link; ``None`` for an upload or the current graph
    (a file cannot travel in a link), with a caption saying so."""
    if st.session_state.get(f"{page}.source", "Built-in dataset") != "Built-in dataset":
        st.caption("Only a built-in dataset travels in the link (a file cannot): whoever opens it sees the "
                   "page's default dataset.")
        return None
    return st.session_state.get(f"{page}.dataset")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


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
    with guard("The demo"):
        draw(preset)
    if st.button("Close the demo", key=f"{page}.close_demo"):
        st.session_state[state] = False
        st.rerun()
    st.divider()
