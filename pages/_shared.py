"""Widgets and helpers shared by every page: graph picker, error guard, progress, method runs.

Every page runs a method through :func:`cached_run`, which wraps :func:`engine.methods.execute`
in ``st.cache_data`` (keyed by the input's fingerprint, the parameters and the seed), draws its
progress bar and records the run with this browser session as its owner; the parameter widgets
come from the method's :class:`~engine.methods.Param` records (:func:`param_widgets`).

Not a page itself: ``app.py`` lists pages explicitly, and this module is
imported as ``pages._shared``.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping, Sequence

import streamlit as st

from engine._input import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from engine._validation import DEFAULT_SEED  # every page's first seed (the CLI's default too)
from engine.datasets import dataset_info, list_datasets, load_dataset, load_local_dataset, local_datasets
from engine.errors import GraphLensError, RegistryError
from engine.io import read_graph
from engine.methods import Method, Param, execute, get_method
from engine.runs import Run, RunRegistry, note_registry_problem, registry_notices, shared_runs_enabled
from engine.types import Graph

#: Session-state key of the graph shared between pages ("the current graph").
CURRENT_GRAPH = "current_graph"
#: Prefix of a local dataset's entry in the dataset list (a file of $GRAPHLENS_DATA_DIR).
LOCAL = "local:"
#: Extensions offered by the graph uploader.
GRAPH_FILE_TYPES = ["csv", "tsv", "txt", "edges", "edgelist", "graphml", "gexf", "gml", "json", "mtx", "gz"]

#: Bounds of every page cache (``max_entries`` per cached function, ``ttl`` since an entry was made). The
#: caches are process-wide, shared by every browser session, so they bound the server's memory (the soak's
#: RSS plateau). Results (method runs, layouts, metrics, drawings) live an hour: a class or a working
#: session; later the same request recomputes (and its run is still in the registry).
RESULT_TTL = "1h"
#: Parsed uploads are the largest per-user values (files up to the upload limit), and each page keeps its
#: last good value in the session anyway: the cache only spares re-parsing on reruns, so 15 minutes.
UPLOAD_TTL = "15m"
#: Shipped datasets are few, shared by every session and reloaded in seconds: kept 6 hours.
DATASET_TTL = "6h"


_log = logging.getLogger("graphlens")
_LEFT_LEGACY_MODE = "_shared.left_legacy_pages_mode"
_OWNER = "_shared.owner"
_OWNER_STORED = "_shared.owner_cookie_written"
#: Browser cookie that keeps a browser's owner id across reloads and tabs, and how long it lasts (30 days).
OWNER_COOKIE = "graphlens_owner"
OWNER_COOKIE_SECONDS = 30 * 24 * 3600
_OWNER_ID = re.compile(r"session-[0-9a-f]{12}")
_SHOWN_NOTICES = "_shared.shown_registry_notices"
#: Characters that open markdown constructs in Streamlit (CommonMark + GFM, :color[...] directives, LaTeX $).
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#!|~$/&])")
_WWW = re.compile(r"(?i)\b(www)\.")
_LIST_MARKER = re.compile(r"^(\d{0,9})([-+=.)])")


def plain(text: Any) -> str:
    r"""``text`` backslash-escaped so that ``st.error``, ``st.caption``, ``st.toast`` and labels show a
    user's string (a file name, a node id, a parameter) literally.

    Links and images (``[``, ``!``), autolinks (``<``, ``http://``, ``www.``), emphasis, code, headings,
    strikethrough, lists, ``:color[...]`` directives and LaTeX stay plain text; newlines become spaces.

    Examples
    --------
    >>> print(plain("![x](http://evil/p.png) *a_b*"))
    \!\[x\]\(http:\/\/evil\/p.png\) \*a\_b\*
    """
    text = " ".join(str(text).splitlines()).strip()
    text = _WWW.sub(r"\1\\.", _MARKUP.sub(r"\\\1", text))
    return _LIST_MARKER.sub(r"\1\\\2", text)  # a leading -, +, = or "1." would start a list or heading


@contextmanager
def guard(action: str = "That") -> Iterator[None]:
    """Show engine errors as ``st.error`` and anything else as a short message, never a traceback.

    Messages name user strings (file names, node ids), so they are shown as plain text (:func:`plain`).
    """
    try:
        yield
    except GraphLensError as exc:
        st.error(plain(exc))
    except Exception as exc:  # noqa: BLE001 - the page must not show a traceback
        _log.exception("unexpected error")
        st.error(plain(f"{action} failed unexpectedly ({type(exc).__name__}: {exc}). The error was logged."))


def show_registry_notices() -> None:
    """One ``st.warning`` for registry problems this session has not seen yet (the run history is
    unavailable or was started anew); every other feature keeps working."""
    shown = st.session_state.setdefault(_SHOWN_NOTICES, set())
    new = [notice for notice in registry_notices() if notice not in shown]
    if new:
        shown.update(new)
        st.warning(plain("Run history: " + " · ".join(new)), icon=":material/history:")


def visible_runs(**filters: Any) -> list[Run] | None:
    """The runs this session may see, newest first: its own, and everyone's (read-only) when the operator
    set ``GRAPHLENS_SHARED_RUNS=1``. ``None`` (with one warning) when the registry cannot be read.

    Parameters
    ----------
    **filters
        Passed to :meth:`engine.runs.RunRegistry.list` (``capability``, ``method``, ``limit`` ...).
    """
    try:
        runs = RunRegistry().list(owner=None if shared_runs_enabled() else session_owner(), **filters)
    except RegistryError as exc:
        note_registry_problem(f"{exc}; the run history is unavailable")
        runs = None
    show_registry_notices()  # e.g. a damaged file was just moved aside
    return runs


def visible_grids() -> list[dict]:
    """The grids this session may see, newest first (:meth:`engine.runs.RunRegistry.grids`): those with a run of
    its own, counting its own runs; everyone's with ``GRAPHLENS_SHARED_RUNS=1``. Empty if the registry cannot be read."""
    try:
        return RunRegistry().grids(owner=None if shared_runs_enabled() else session_owner())
    except RegistryError as exc:
        note_registry_problem(f"{exc}; the run history is unavailable")
        return []


def delete_run(run: Run) -> None:
    """Delete one of this session's runs (another's is refused by the registry).

    Raises
    ------
    ParameterError
        If the run is not this session's.
    RegistryError
        If the registry cannot be written.
    """
    RunRegistry().delete(run.id, owner=session_owner())


@st.cache_resource(show_spinner=False, max_entries=16, ttl=DATASET_TTL)  # 7 shipped datasets
def cached_dataset(name: str) -> Graph:
    """A shipped dataset, loaded once per process."""
    return load_dataset(name)


@st.cache_resource(show_spinner="Reading the local file…", max_entries=2, ttl=RESULT_TTL)  # may be 20M edges
def cached_local_dataset(name: str) -> Graph:
    """A file listed in $GRAPHLENS_DATA_DIR, read once per process (it may be large: not copied per run)."""
    return load_local_dataset(name)


def _dataset_label(name: str) -> str:
    if name.startswith(LOCAL):
        return f"{name.removeprefix(LOCAL)} (local file)"
    return f"{dataset_info(name).title} ({dataset_info(name).n_nodes:,} nodes)"


@st.cache_data(show_spinner="Reading the file…", max_entries=8, ttl=UPLOAD_TTL)
def parse_upload(data: bytes, filename: str) -> Graph:
    """Parse uploaded bytes into a Graph (cached by content)."""
    return read_graph(data, name=filename)


def set_current_graph(graph: Graph) -> None:
    """Make ``graph`` the current graph, offered by every page's picker."""
    st.session_state[CURRENT_GRAPH] = graph


def current_graph() -> Graph | None:
    """The current graph, if one was chosen on any page."""
    return st.session_state.get(CURRENT_GRAPH)


def dataset_names() -> list[str]:
    """The datasets a picker offers: the shipped ones, then the local files of $GRAPHLENS_DATA_DIR."""
    return [info.name for info in list_datasets()] + [LOCAL + name for name in local_datasets()]


def graph_picker(key: str, *, default: str = "les_miserables") -> Graph | None:
    """Pick a built-in dataset, a local file of $GRAPHLENS_DATA_DIR, an upload or the current graph.

    Local files are listed by name only (:func:`engine.datasets.local_datasets`): a browser user picks
    from the list and never types a path.

    A failed upload shows its error and keeps the previously picked graph.

    Parameters
    ----------
    key : str
        Widget-key prefix, so the picker can appear on several pages.
    default : str
        Dataset selected first.
    """
    sources = ["Built-in dataset", "Upload a file"]
    if current_graph() is not None:
        sources.insert(0, "Current graph")
    source = st.radio("Graph", sources, key=f"{key}.source", horizontal=True)
    last_key = f"{key}.last_graph"
    if source == "Current graph":
        graph = current_graph()
    elif source == "Built-in dataset":
        names = dataset_names()
        name = st.selectbox(
            "Dataset",
            names,
            index=names.index(default) if default in names else 0,
            key=f"{key}.dataset",
            format_func=_dataset_label,
        )
        if name.startswith(LOCAL):
            graph = st.session_state.get(last_key)
            with guard("Reading the local file"):
                graph = cached_local_dataset(name.removeprefix(LOCAL))
        else:
            graph = cached_dataset(name)
    else:
        upload = st.file_uploader(
            "Graph file (edge list CSV/TSV, GraphML, GEXF, GML, node-link JSON, Matrix Market)",
            key=f"{key}.upload",
            help=f"Accepted: {', '.join('.' + t for t in GRAPH_FILE_TYPES)}; at most {MAX_UPLOAD_MB} MB.",
        )
        graph = read_upload(upload, parse_upload, types=GRAPH_FILE_TYPES, keep=last_key)
    if graph is not None:
        st.session_state[last_key] = graph
    return graph


#: Extensions never read, whatever the page: pickles and tensors can run code when loaded.
UNSAFE_FILE_TYPES = ("pkl", "pickle", "gpickle", "pt", "pth", "joblib", "npy", "npz")


def upload_problem(name: str, size: int, types: Sequence[str]) -> str | None:
    """Why an upload called ``name`` of ``size`` bytes is refused before reading it, or ``None``.

    The pages' uploaders accept any file and refuse here, so the reason is a message naming the
    file rather than a chip beside the uploader (a ``.gz`` suffix is looked through).
    """
    lower = name.lower()
    stem = lower[:-3] if lower.endswith(".gz") else lower
    extension = stem.rsplit(".", 1)[-1] if "." in stem else ""
    if extension in UNSAFE_FILE_TYPES:
        return f".{extension} files are never read: a pickle or tensor file can run code when it is loaded"
    if extension not in types and not (lower.endswith(".gz") and "gz" in types and not extension):
        accepted = ", ".join("." + t for t in types)
        return f"{'.' + extension if extension else 'a file without an extension'} is not accepted here ({accepted})"
    if size > MAX_UPLOAD_BYTES:
        return f"it is {size / 2**20:.1f} MB; the limit is {MAX_UPLOAD_MB} MB"
    return None


def read_upload(upload: Any, parse: Callable[[bytes, str], Any], *, types: Sequence[str], keep: str) -> Any:
    """Parse an upload, or keep what was there: a failed file never wipes the previous data.

    Parameters
    ----------
    upload : UploadedFile or None
        From ``st.file_uploader`` (created without ``type=``, so that refusals are explained here).
    parse : callable
        ``parse(data, file_name)``, raising a ``GraphLensError`` on a bad file.
    types : sequence of str
        Accepted extensions.
    keep : str
        Session-state key of the last good value.

    Returns
    -------
    The newly parsed value; else the kept one (``None`` at first). A refused or unreadable file shows one
    ``st.error`` naming it and why, as plain text, and says that the previous data is still shown.
    """
    previous = st.session_state.get(keep)
    if upload is None:
        return previous
    reason = upload_problem(upload.name, upload.size, types)
    if reason is None:
        try:
            value = parse(upload.getvalue(), upload.name)
        except GraphLensError as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - the page must not show a traceback
            _log.exception("unexpected error reading an upload")
            reason = f"reading it failed unexpectedly ({type(exc).__name__}); the error was logged"
        else:
            st.session_state[keep] = value
            return value
    st.error(plain(f"{upload.name} was not read: {reason}"))
    if previous is not None:
        st.info(plain(f"Still showing the previous data, {getattr(previous, 'name', '')}."))
    return previous


def page_title(title: str) -> None:
    """Show the page title, first making sure the page runs inside ``app.py``'s navigation.

    A server whose first visitor opens a deep link (``/embeddings``) starts in Streamlit's legacy
    multipage mode, which runs ``pages/<name>.py`` without ``app.py`` and lists every file of
    ``pages/`` (``_shared`` included) in the sidebar. Leaving that mode and rerunning lets
    ``app.py``'s ``st.navigation`` take over, on the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(_LEFT_LEGACY_MODE):
        # Once per session: the switch is process-wide, so later sessions start in app.py directly.
        st.session_state[_LEFT_LEGACY_MODE] = True
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.title(title)
    show_registry_notices()


def progress_callback(bar) -> Callable[[float, str], None]:
    """An ``on_progress(fraction, message)`` callback that drives an ``st.progress`` bar.

    Inside an ``st.cache_data`` function, create the bar in that function too: a cache hit replays the
    function's elements, and a bar made outside it cannot be replayed (``CacheReplayClosureError``).
    """

    def update(fraction: float, message: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=plain(message) or None)  # may name a user's data

    return update


def _owner_cookie() -> str:
    """The browser's owner cookie, or "" (no cookie, or no browser: AppTest and bare runs)."""
    value = st.context.cookies.get(OWNER_COOKIE)
    return value if isinstance(value, str) else ""


def session_owner() -> str:
    """The id recorded as the ``owner`` of the runs this browser starts.

    It is kept in the browser's :data:`OWNER_COOKIE` (see :func:`remember_session_owner`), so a reload or a
    second tab of the same browser still owns its runs; a browser without the cookie gets a fresh random id.
    """
    if _OWNER not in st.session_state:
        remembered = _owner_cookie()
        st.session_state[_OWNER] = remembered if _OWNER_ID.fullmatch(remembered) else f"session-{uuid.uuid4().hex[:12]}"
    return st.session_state[_OWNER]


def remember_session_owner() -> None:
    """Store :func:`session_owner` in the browser's cookie, once per session and only where it is not there yet
    (a script of zero size in the sidebar; the id is ours, never a user's string)."""
    owner = session_owner()
    if _owner_cookie() == owner or st.session_state.get(_OWNER_STORED):
        return
    st.session_state[_OWNER_STORED] = True
    st.sidebar.html(f'<script>document.cookie = "{OWNER_COOKIE}={owner}; path=/; max-age={OWNER_COOKIE_SECONDS}; '
                    f'SameSite=Strict";</script>', unsafe_allow_javascript=True)


def seed_input(page: str, *, label: str = "Seed", container: Any = None, key: str | None = None) -> int:
    """A seed widget (key ``page.seed``) starting at :data:`DEFAULT_SEED`."""
    return int((container or st).number_input(label, 0, 2**31 - 1, DEFAULT_SEED, key=key or f"{page}.seed"))


def _label(param: Param) -> str:
    return param.name.replace("_", " ").capitalize()


def param_widget(param: Param, key: str, *, container: Any = None, initial: Any = None) -> Any:
    """One widget for ``param``: a toggle, a selectbox of its choices, a text input or a bounded number input."""
    place = container or st
    value = param.default if initial is None else initial
    label, help_text = _label(param), param.help or None
    if param.kind is bool:
        return bool(place.toggle(label, value=bool(value), help=help_text, key=key))
    if param.choices:
        return place.selectbox(label, list(param.choices), index=list(param.choices).index(value), help=help_text,
                               key=key)
    if param.kind is str:
        return place.text_input(label, value, max_chars=param.max_length, help=help_text, key=key)
    if param.kind is int:
        low = None if param.low is None else int(param.low)
        high = None if param.high is None else int(param.high)
        return int(place.number_input(label, low, high, int(value), step=1, help=help_text, key=key))
    low = None if param.low is None else float(param.low)
    high = None if param.high is None else float(param.high)
    return float(place.number_input(label, low, high, float(value), help=help_text, format="%g", key=key))


def param_widgets(page: str, method: str | Method, *, columns: int = 4, initial: Mapping[str, Any] | None = None,
                  skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Draw the widgets of a method's parameters (keys ``page.method.param``) and return their values.

    Parameters
    ----------
    page : str
        The page's key prefix.
    method : str or Method
    columns : int
        Widgets per row.
    initial : mapping, optional
        First values that differ from the records' defaults (e.g. a dataset's own budget).
    skip : tuple of str
        Parameters not drawn (they take their defaults).
    """
    spec = get_method(method)
    params = [param for param in spec.params if param.name not in skip]
    values: dict[str, Any] = {}
    for start in range(0, len(params), columns):
        row = params[start:start + columns]
        for column, param in zip(st.columns(columns), row):
            values[param.name] = param_widget(param, f"{page}.{spec.name}.{param.name}", container=column,
                                              initial=(initial or {}).get(param.name))
    return values


@st.cache_data(show_spinner=False, max_entries=64, ttl=RESULT_TTL)
def cached_run(method: str, fingerprint: str, params: tuple, seed: int, _inputs: Any, _owner: str = "") -> Run:
    """``execute(method, inputs, params, seed=seed)`` once per (method, input fingerprint, params, seed).

    The run is recorded with ``_owner`` (:func:`session_owner`) on its first call; a cache hit replays
    the progress bar, which is made here, inside the cached function, for that reason.
    ``params`` is a tuple of (name, value) pairs so that it can be hashed.
    """
    spec = get_method(method)
    bar = st.progress(0.0, text=f"{spec.title}…")
    run = execute(spec, _inputs, dict(params), seed=seed, on_progress=progress_callback(bar), owner=_owner)
    bar.empty()
    return run


def run_method(method: str, inputs: Any, params: Mapping[str, Any], seed: int) -> Run:
    """Run a method from a page: :func:`cached_run` keyed by ``inputs.fingerprint()``, owned by this session."""
    run = cached_run(method, inputs.fingerprint(), tuple(sorted(params.items())), int(seed), inputs, session_owner())
    show_registry_notices()  # a run the registry could not record is still shown; history is what is lost
    return run
