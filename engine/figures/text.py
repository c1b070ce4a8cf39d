"""User strings made safe for Plotly's text: titles, legends, axis labels, hover text and templates.

Plotly renders a subset of HTML in every piece of text it draws (``<a href>``, ``<b>``, ``<br>``,
``<span style>`` ...) and fills ``%{...}`` placeholders in hover templates. A node id, a file name, a
column name or a label from a user's file must show as itself, so each figure builder passes the
strings that came from a user through :func:`plotly_text` (or :func:`plotly_texts` for arrays) where
they enter the figure; the builders' own markup (``<br>``, ``<b>``) stays as it is.

Plotly decodes character entities when it draws text, so ``&lt;``, ``&gt;``, ``&amp;`` and ``&#37;``
show as ``<``, ``>``, ``&`` and ``%``.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np

__all__ = ["plotly_text", "plotly_texts"]

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;"})


def plotly_text(value: Any) -> str:
    """``str(value)`` with the characters Plotly reads as markup (``< > &``) or as a template
    placeholder (``%``) written as character entities.

    Parameters
    ----------
    value : Any
        A user's string (or anything printable: a node id, a label).

    Returns
    -------
    str
        Text that Plotly shows literally.

    Examples
    --------
    >>> plotly_text('<a href="http://evil">x</a> 100%{x}')
    '&lt;a href="http://evil"&gt;x&lt;/a&gt; 100&#37;{x}'
    >>> plotly_text(42)
    '42'
    """
    return str(value).translate(_ENTITIES)


def plotly_texts(values: Iterable[Any]) -> np.ndarray:
    """:func:`plotly_text` of each value, as an object array (for ``text=`` and ``customdata``).

    Examples
    --------
    >>> plotly_texts(["a<b", 3]).tolist()
    ['a&lt;b', '3']
    """
    return np.array([plotly_text(value) for value in values], dtype=object)
