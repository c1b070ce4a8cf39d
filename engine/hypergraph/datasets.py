"""Shipped train/test hypergraph pairs (``assets/hypergraphs/``), one domain each.

Each pair is the supervised setting of Wang & Kleinberg (ICLR 2024): learn on
``train``, reconstruct ``test`` from its projection. Origins and licences are
in ``assets/hypergraphs/SOURCES.md``.

Examples
--------
>>> train, test = load_hypergraph_pair("crime")
>>> train.n_hyperedges, test.n_hyperedges
(243, 256)
>>> resolve_hypergraph("enron:train").name
'enron (train)'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.datasets import ASSETS_DIR
from engine.errors import ParameterError
from engine.hypergraph.core import Hypergraph, read_hypergraph

__all__ = [
    "HypergraphPairInfo",
    "list_hypergraph_pairs",
    "hypergraph_pair_info",
    "load_hypergraph_pair",
    "resolve_hypergraph",
]


@dataclass(frozen=True)
class HypergraphPairInfo:
    """A shipped train/test pair.

    Parameters
    ----------
    name : str
        Registry key (``crime``, ``enron``, ...).
    title : str
        Display name (the paper's name for it).
    description : str
    source : str
    licence : str
    budget : int
        The sampling budget β the paper uses for this dataset.
    n_train, n_test : int
        Distinct hyperedges of each half (checked by the tests).
    """

    name: str
    title: str
    description: str
    source: str
    licence: str
    budget: int
    n_train: int
    n_test: int

    def path(self, part: str) -> Path:
        """The asset file of ``part`` (``"train"`` or ``"test"``)."""
        return ASSETS_DIR / "hypergraphs" / f"{self.name}_{part}.txt.gz"


_ARB = "A. R. Benson et al., Simplicial closure and higher-order link prediction, PNAS 2018; https://www.cs.cornell.edu/~arb/data/"
_NETZ = "Netzschleuder network catalogue (T. P. Peixoto), https://networks.skewed.de/"
_SPLIT = "; train/test halves as distributed with Wang & Kleinberg, ICLR 2024"

_REGISTRY: dict[str, HypergraphPairInfo] = {
    info.name: info
    for info in (
        HypergraphPairInfo(
            "crime",
            "Crimes",
            "Crimes in St. Louis; a hyperedge is the set of people (suspects, victims, witnesses) involved in one crime.",
            _NETZ + " ('crime')" + _SPLIT,
            "see SOURCES.md: research use with citation",
            1000,
            243,
            256,
        ),
        HypergraphPairInfo(
            "enron",
            "Enron",
            "Enron e-mails; a hyperedge is the sender and recipients of one e-mail.",
            _ARB + " ('email-Enron')" + _SPLIT,
            "see SOURCES.md: research use with citation",
            1000,
            756,
            756,
        ),
        HypergraphPairInfo(
            "foursquare",
            "Foursquare",
            "Foursquare check-ins at New York restaurants; a hyperedge is the set of restaurants a user visited.",
            _NETZ + " ('foursquare')" + _SPLIT,
            "see SOURCES.md: research use with citation",
            20000,
            1026,
            1019,
        ),
        HypergraphPairInfo(
            "school",
            "P.School",
            "Face-to-face contacts in a primary school (SocioPatterns); a hyperedge is a group in contact at one time.",
            _ARB + " ('contact-primary-school')" + _SPLIT,
            "see SOURCES.md: SocioPatterns data, CC BY-NC-SA",
            350000,
            6352,
            6352,
        ),
        HypergraphPairInfo(
            "school2",
            "H.School",
            "Face-to-face contacts in a high school (SocioPatterns); a hyperedge is a group in contact at one time.",
            _ARB + " ('contact-high-school')" + _SPLIT,
            "see SOURCES.md: SocioPatterns data, CC BY-NC-SA",
            60000,
            3909,
            3909,
        ),
    )
}


def list_hypergraph_pairs() -> list[HypergraphPairInfo]:
    """All shipped pairs, smallest first."""
    return sorted(_REGISTRY.values(), key=lambda info: (info.n_test, info.name))


def hypergraph_pair_info(name: str) -> HypergraphPairInfo:
    """The registry entry of ``name``.

    Raises
    ------
    ParameterError
        If no pair has this name.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ParameterError(f"unknown hypergraph dataset {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None


@lru_cache(maxsize=32)
def _load(name: str, part: str) -> Hypergraph:
    info = hypergraph_pair_info(name)
    return read_hypergraph(info.path(part).read_bytes(), format="lines", name=f"{name} ({part})")


def load_hypergraph_pair(name: str) -> tuple[Hypergraph, Hypergraph]:
    """The ``(train, test)`` hypergraphs of a shipped pair."""
    return _load(name, "train"), _load(name, "test")


def resolve_hypergraph(spec: str, *, default_part: str = "test") -> Hypergraph:
    """A hypergraph file path, a pair name (its ``default_part``), or ``name:train`` / ``name:test``.

    Raises
    ------
    ParameterError
        If ``spec`` is neither an existing file nor a shipped pair.
    """
    name, _, part = spec.partition(":")
    if name in _REGISTRY and part in ("", "train", "test"):
        return _load(name, part or default_part)
    path = Path(spec)
    if path.is_file():
        return read_hypergraph(path)
    raise ParameterError(
        f"{spec!r} is neither a file nor a shipped hypergraph dataset (known: {', '.join(sorted(_REGISTRY))}, "
        "optionally with ':train' or ':test')"
    )
