"""Graph summarization: SSumM (lossy, under a bit budget) and SLUGGER (lossless, hierarchical)."""

from engine.summarization._mdl import SummaryCost, summary_cost
from engine.summarization.slugger import SluggerSummary, slugger
from engine.summarization.ssumm import SSumMSummary, ssumm

__all__ = ["SummaryCost", "summary_cost", "SSumMSummary", "ssumm", "SluggerSummary", "slugger"]
