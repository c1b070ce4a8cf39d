"""Helpers of the page tests: a page opened in a new session from a link, the link a page wrote, and the
payloads of the Explore drawing's mounted component (``pages/_canvas.py``)."""

from __future__ import annotations

import json

from pathlib import Path
from typing import Callable, Mapping

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _open_page(page: str, link: Mapping[str, str] | None = None, *, timeout: float = 120,
               owner: str | None = None) -> AppTest:
    """``page`` (e.g. ``"pages/explore.py"``) run once in a new session opened with the query ``link``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if owner is not None:
        at.session_state["_shared.owner"] = owner
    for name, value in (link or {}).items():
        at.query_params[name] = value
    return at.switch_page(page).run()


def _link_of(at: AppTest) -> dict[str, str]:
    """The query parameters the page wrote, one value each: what a copied link holds."""
    return {name: (value[-1] if isinstance(value, list) else value) for name, value in dict(at.query_params).items()}


def canvas_payloads(at: AppTest, key: str | None = None) -> list[dict]:
    """The data of each drawing component (``pages/_canvas.py``; AppTest shows it as an unknown element
    whose proto holds the JSON sent): ``figure``, ``images``, ``geometry``, ``config``, ``plotly``."""
    return [json.loads(element.proto.json) for element in at.get("bidi_component")
            if element.proto.component_name == "graphlens.canvas" and (key is None or element.key == key)]


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """A page opened from a link: ``open_page(page, link=None, *, timeout=120, owner=None)``."""
    return _open_page


@pytest.fixture
def link_of() -> Callable[[AppTest], dict[str, str]]:
    """The link of a page's current state: ``link_of(at)``."""
    return _link_of
