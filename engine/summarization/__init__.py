"""Graph summarization: SSumM (lossy, under a bit budget) and SLUGGER (lossless, hierarchical)."""

from engine.summarization._mdl import SummaryCost, simple_adjacency, summary_cost
from engine.summarization.slugger import SluggerSummary, slugger
from engine.summarization.ssumm import SSumMSummary, ssumm, ssumm_sweep

__all__ = ["SummaryCost", "summary_cost", "simple_adjacency", "SSumMSummary", "ssumm", "ssumm_sweep", "SluggerSummary", "slugger"]
