"""Hypergraphs: projection, its two loss patterns, and supervised reconstruction (SHyRe).

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
Remediation", ICLR 2024 (arXiv:2401.08519).
"""

from engine.hypergraph.baselines import CliqueCoverReconstructor, KCliquePercolationReconstructor, MaxCliqueReconstructor
from engine.hypergraph.core import HYPERGRAPH_FORMATS, Hypergraph, read_hypergraph, write_hypergraph
from engine.hypergraph.datasets import (
    HypergraphPairInfo,
    hypergraph_pair_info,
    list_hypergraph_pairs,
    load_hypergraph_pair,
    resolve_hypergraph,
)
from engine.hypergraph.evaluate import RECONSTRUCTORS, ReconstructionResult, evaluate_reconstruction, make_reconstructor
from engine.hypergraph.metrics import ReconstructionScores, outcome_sets, per_size_scores, reconstruction_scores
from engine.hypergraph.projection import LossPatterns, exactly_recoverable, loss_patterns, maximal_cliques, project
from engine.hypergraph.shyre import COUNT_FEATURES, PlanStep, RhoTable, ShyreReconstructor, compute_rho, plan_budget

__all__ = [
    "Hypergraph",
    "read_hypergraph",
    "write_hypergraph",
    "HYPERGRAPH_FORMATS",
    "project",
    "maximal_cliques",
    "loss_patterns",
    "exactly_recoverable",
    "LossPatterns",
    "ShyreReconstructor",
    "RhoTable",
    "PlanStep",
    "compute_rho",
    "plan_budget",
    "COUNT_FEATURES",
    "MaxCliqueReconstructor",
    "CliqueCoverReconstructor",
    "KCliquePercolationReconstructor",
    "ReconstructionScores",
    "reconstruction_scores",
    "per_size_scores",
    "outcome_sets",
    "HypergraphPairInfo",
    "list_hypergraph_pairs",
    "hypergraph_pair_info",
    "load_hypergraph_pair",
    "resolve_hypergraph",
    "RECONSTRUCTORS",
    "ReconstructionResult",
    "evaluate_reconstruction",
    "make_reconstructor",
]
