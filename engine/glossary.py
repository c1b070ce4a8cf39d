"""One glossary of every number and figure the app shows: definitions, formulas, papers, BibTeX.

Pages and the CLI never write their own explanation of a metric: they ask :func:`lookup`
for the :class:`Term` of a metric key (``"re1"``, ``"recall_ng@50"``, ``"precision@643"``,
``"peak_mb"``…) and show its name, definition and formula, and they show
:func:`figure_note` ("What am I looking at?") under each figure. Keys that carry a number
after ``@`` (K of a recall, hops of a mAP, k of a precision) share one entry, whose text
names that number.

Examples
--------
>>> lookup("recall_ng@50").name
'ng-R@50'
>>> lookup("precision@643").definition.startswith("Share of the 643 most similar node pairs")
True
>>> "SSumM" in bibtex("ssumm")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from engine.errors import ParameterError

__all__ = [
    "Term",
    "GLOSSARY",
    "FIGURE_NOTES",
    "BIBTEX",
    "lookup",
    "has_term",
    "metric_label",
    "figure_note",
    "bibtex",
]


@dataclass(frozen=True)
class Term:
    """A metric: display name, one-paragraph definition, formula and the paper that defines it.

    ``formula`` is LaTeX (for ``st.latex``); ``better`` says which direction is good
    ("higher", "lower" or "" when neither); ``unit`` is the axis unit ("" for a plain number).
    """

    key: str
    name: str
    definition: str
    formula: str = ""
    paper: str = ""
    better: str = ""
    unit: str = ""


_SSUMM = "K. Lee, H. Jo, J. Ko, S. Lim, K. Shin. SSumM: Sparse Summarization of Massive Graphs. KDD 2020."
_SLUGGER = "K. Lee, J. Ko, K. Shin. SLUGGER: Lossless Hierarchical Summarization of Massive Graphs. ICDE 2022."
_SHYRE = ("Y. Wang, J. Kleinberg. From Graphs to Hypergraphs: Hypergraph Projection and its Reconstruction. "
          "ICLR 2024.")
_XU = "D. Xu, Y. Zhu, C. B. Choy, L. Fei-Fei. Scene Graph Generation by Iterative Message Passing. CVPR 2017."
_MOTIFS = "R. Zellers, M. Yatskar, S. Thomson, Y. Choi. Neural Motifs. CVPR 2018."
_TANG = ("K. Tang, Y. Niu, J. Huang, J. Shi, H. Zhang. Unbiased Scene Graph Generation from Biased Training. "
         "CVPR 2020.")
_KNYAZEV = ("B. Knyazev, H. de Vries, C. Cangea, G. W. Taylor, A. Courville, E. Belilovsky. Graph Density-Aware "
            "Losses for Novel Compositions in Scene Graph Generation. BMVC 2020.")
_RESTORE = ("RESTORE: Graph Embedding Assessment Through Reconstruction (node-level k-hop neighbourhood "
            "reconstruction; see shared/specs/embeddings.md).")
_GEM = "P. Goyal, E. Ferrara. Graph Embedding Techniques, Applications, and Performance: A Survey. KBS 2018."
_PEROZZI = "B. Perozzi, R. Al-Rfou, S. Skiena. DeepWalk: Online Learning of Social Representations. KDD 2014."
_GROVER = "A. Grover, J. Leskovec. node2vec: Scalable Feature Learning for Networks. KDD 2016."
_GRAPHLENS = "GraphLens's own measurement (engine.runs.measure)."

_R_AT_K = r"\mathrm{R@K} = \frac{1}{|I|}\sum_{i \in I} \frac{|\mathrm{top}_K(i) \cap \mathrm{GT}(i)|}{|\mathrm{GT}(i)|}"

#: Every metric, by key. Keys ending in ``@K`` stand for any number after ``@``.
GLOSSARY: dict[str, Term] = {term.key: term for term in (
    # ----------------------------------------------------------------- graph summarization
    Term("re1", "RE1", "Reconstruction error (L1): the mean absolute difference between the input adjacency A and "
         "the summary's reconstruction Â over all ordered node pairs. 0 is exact; the empty summary's RE1 is the "
         "input's density, so compare against that.",
         r"\mathrm{RE}_1 = \frac{\sum_{u \ne v} |A_{uv} - \hat A_{uv}|}{|V|(|V|-1)}", _SSUMM, "lower"),
    Term("re2", "RE2", "Reconstruction error (L2): the square root of the summed squared differences between A "
         "and Â, divided by the number of ordered node pairs. It punishes a few large errors more than RE1.",
         r"\mathrm{RE}_2 = \frac{\sqrt{\sum_{u \ne v} (A_{uv} - \hat A_{uv})^2}}{|V|(|V|-1)}", _SSUMM, "lower"),
    Term("relative_size", "relative size", "How big the summary is compared with the input. SSumM: summary bits "
         "over the input's 2|E|log₂|V| bits. SLUGGER: (|P+| + |P−| + |H|) / |E|, the edges it stores per input "
         "edge. Below 1 means the summary is smaller.",
         r"\text{SSumM: } \frac{\mathrm{Size}(\bar G)}{2|E|\log_2|V|} \qquad \text{SLUGGER: } "
         r"\frac{|P^+| + |P^-| + |H|}{|E|}", f"{_SSUMM} / {_SLUGGER}", "lower"),
    Term("size_bits", "size", "Bits needed to store the summary: its superedges (two supernode ids and a "
         "weight each) plus every node's supernode id.",
         r"|P|\,(2\log_2|S| + \log_2\omega_{\max}) + |V|\log_2|S|", _SSUMM, "lower", "bits"),
    Term("input_bits", "input size", "Bits needed to store the input as an edge list: two node ids of "
         "log₂|V| bits per edge.", r"2|E|\log_2|V|", _SSUMM, "", "bits"),
    Term("n_supernodes", "supernodes |S|", "Groups of nodes the summary merged; each input node belongs to "
         "exactly one.", r"|S|", _SSUMM),
    Term("n_superedges", "superedges |P|", "Weighted edges between supernodes (or inside one): the weight is the "
         "share of member pairs that are connected in the input.", r"\omega_{AB} = \frac{|E_{AB}|}{\Pi_{AB}}",
         _SSUMM),
    Term("n_nodes", "nodes |V|", "Nodes of the input graph (isolated nodes included).", r"|V|"),
    Term("n_edges", "edges |E|", "Edges of the input graph (undirected, without self-loops).", r"|E|"),
    Term("cost", "cost", "Edges SLUGGER stores: positive and negative edges plus hierarchy links.",
         r"|P^+| + |P^-| + |H|", _SLUGGER, "lower", "edges"),
    Term("n_pos", "|P+|", "Positive edges: supernode pairs whose every member pair is an edge (an edge between "
         "two tree nodes stands for all edges between their leaves).", r"|P^+|", _SLUGGER, "lower", "edges"),
    Term("n_neg", "|P−|", "Negative edges: corrections that remove an edge a positive edge implied but the "
         "input lacks.", r"|P^-|", _SLUGGER, "lower", "edges"),
    Term("n_hier", "|H|", "Hierarchy links: parent–child links of SLUGGER's forest of supernodes.", r"|H|",
         _SLUGGER, "lower", "edges"),
    Term("avg_leaf_depth", "mean leaf depth", "Average depth of the input nodes (the leaves) in SLUGGER's "
         "hierarchy; 0 for a node left on its own.", r"\frac{1}{|V|}\sum_{v}\mathrm{depth}(v)", _SLUGGER),
    Term("max_leaf_depth", "deepest leaf", "Depth of the deepest input node in SLUGGER's hierarchy.",
         r"\max_v \mathrm{depth}(v)", _SLUGGER),
    Term("lossless", "lossless", "1 when the summary was decoded and compared with the input and matched it "
         "exactly (SLUGGER must always be lossless).", "", _SLUGGER, "higher"),
    # ----------------------------------------------------------------- hypergraph reconstruction
    Term("jaccard", "Jaccard", "Overlap between the reconstructed and the true hyperedges (as sets of node "
         "sets): shared hyperedges over all distinct ones. The paper's headline score.",
         r"J = \frac{|\hat{\mathcal E} \cap \mathcal E|}{|\hat{\mathcal E} \cup \mathcal E|}", _SHYRE, "higher"),
    Term("precision", "precision", "Share of the reconstructed hyperedges that are true hyperedges.",
         r"P = \frac{|\hat{\mathcal E} \cap \mathcal E|}{|\hat{\mathcal E}|}", _SHYRE, "higher"),
    Term("recall", "recall", "Share of the true hyperedges that were reconstructed exactly.",
         r"R = \frac{|\hat{\mathcal E} \cap \mathcal E|}{|\mathcal E|}", _SHYRE, "higher"),
    Term("f1", "F1", "Harmonic mean of precision and recall.", r"F_1 = \frac{2PR}{P + R}", _SHYRE, "higher"),
    Term("training_recall", "training recall", "SHyRe only: recall of the true hyperedges of the training "
         "hypergraph by the sampled clique candidates (how much the sampling budget covers).",
         r"\frac{|\text{sampled} \cap \mathcal E_{\mathrm{train}}|}{|\mathcal E_{\mathrm{train}}|}", _SHYRE,
         "higher"),
    Term("n_true", "true hyperedges", "Distinct hyperedges of the query hypergraph.", r"|\mathcal E|", _SHYRE),
    Term("n_predicted", "reconstructed hyperedges", "Distinct hyperedges the method produced.",
         r"|\hat{\mathcal E}|", _SHYRE),
    # ----------------------------------------------------------------- scene graphs
    Term("recall@K", "R@K", "Triplet recall with the graph constraint: each object pair keeps only its best "
         "predicate, the K highest-scoring (subject, predicate, object) triplets of an image are kept, and R@K is "
         "the share of its ground-truth triplets among them, averaged over images.", _R_AT_K, _XU, "higher"),
    Term("recall_ng@K", "ng-R@K", "Triplet recall without the graph constraint: every (pair, predicate) is a "
         "candidate, so a pair may contribute several predicates to the top K. Higher than R@K; closer to how "
         "people describe an image.", _R_AT_K + r"\quad\text{(no graph constraint)}", _MOTIFS, "higher"),
    Term("mean_recall@K", "mR@K", "Mean recall over predicates: R@K computed per predicate class, then averaged "
         "over classes, so rare predicates count as much as 'on' or 'has'. Exposes methods that only learn the "
         "frequent predicates.", r"\mathrm{mR@K} = \frac{1}{|\mathcal R|}\sum_{r \in \mathcal R}\mathrm{R@K}_r",
         _TANG, "higher"),
    Term("mean_recall_ng@K", "ng-mR@K", "Mean recall over predicates without the graph constraint.",
         r"\frac{1}{|\mathcal R|}\sum_{r}\mathrm{ngR@K}_r", _TANG, "higher"),
    Term("zs_recall@K", "zR@K", "Zero-shot recall: R@K over only the test triplets whose (subject, predicate, "
         "object) combination never occurs in training, averaged over images that have one. Measures "
         "generalisation to novel compositions; the frequency baseline scores about 0.",
         r"\mathrm{zR@K} = \frac{1}{|I_z|}\sum_{i \in I_z}\frac{|\mathrm{top}_K(i) \cap \mathrm{GT}_z(i)|}"
         r"{|\mathrm{GT}_z(i)|}", _TANG, "higher"),
    Term("zs_recall_ng@K", "ng-zR@K", "Zero-shot recall without the graph constraint (the measure the density-"
         "normalized loss improves most).", r"\mathrm{zR@K}\quad\text{(no graph constraint)}", _KNYAZEV, "higher"),
    Term("weighted_recall@K", "wR@K", "Weighted triplet recall: every test triplet counts with weight inversely "
         "proportional to how often it occurs in training, pooled over all images; a ground-truth predicate "
         "counts as found when it ranks within the top K candidates of its box pair.",
         r"\mathrm{wR@K} = \sum_j w_j[\mathrm{rank}_j < K],\quad w_j = \frac{1/(n_j+1)}{\sum_k 1/(n_k+1)}",
         _KNYAZEV, "higher"),
    # ----------------------------------------------------------------- embeddings
    Term("map@K", "mAP@K hops", "RESTORE reconstruction: for a node v, rank all other nodes by similarity of "
         "their vectors to v's; the average precision of that ranking at retrieving v's true K-hop neighbours, "
         "averaged over (sampled) nodes. 1 means every node's K-hop neighbours are its most similar nodes.",
         r"\mathrm{mAP}_K = \frac{1}{|V'|}\sum_{v \in V'} \frac{1}{|T_K(v)|}\sum_{r:\,u_r \in T_K(v)} "
         r"\mathrm{prec@}r", _RESTORE, "higher"),
    Term("map_nodes", "mAP nodes", "Nodes whose neighbourhoods were ranked for mAP (a seeded sample of "
         "max_nodes on large graphs).", r"|V'|", _RESTORE),
    Term("precision@K", "precision@K", "Share of the K most similar node pairs (over all pairs, by embedding "
         "similarity) that are edges of the graph: graph reconstruction. K counts node pairs, not nodes: the "
         "Embeddings page reports K = 10, 100, 1000 and K = the number of edges among the scored nodes (a seeded "
         "sample of max_nodes on large graphs), which asks for exactly as many pairs as there are edges, so a "
         "perfect embedding scores 1 there.",
         r"\mathrm{precision@}k = \frac{|\{\text{top-}k\text{ pairs}\} \cap E|}{k}", _GEM, "higher"),
    Term("micro_f1", "Micro-F1", "Node classification: logistic regression on the vectors of a 50 % training "
         "split (each feature scaled on the training nodes, unless the run's standardize is off) predicts the "
         "rest's labels; F1 pooled over all predictions (equals accuracy for single labels).",
         r"F_1^{\mu} = \frac{2\sum_c TP_c}{2\sum_c TP_c + \sum_c FP_c + \sum_c FN_c}", _PEROZZI, "higher"),
    Term("macro_f1", "Macro-F1", "Node classification F1 computed per class, then averaged, so small classes "
         "count as much as large ones.", r"F_1^{M} = \frac{1}{|C|}\sum_c \frac{2P_cR_c}{P_c + R_c}", _PEROZZI,
         "higher"),
    Term("link_auc", "link AUC", "Link prediction: a fifth of the edges is hidden, the graph re-embedded, and "
         "hidden edges are scored against as many random non-edges by vector similarity; the area under the ROC "
         "curve (0.5 is chance, 1 is perfect).", r"\mathrm{AUC} = P(s(e^+) > s(e^-))", _GROVER, "higher"),
    # ----------------------------------------------------------------- cost of a run
    Term("seconds", "seconds", "Wall-clock time of the run, measured once around the method (input loading, "
         "importing the method's libraries, and drawing excluded). On a shared machine it varies with the load.",
         r"t_{\mathrm{end}} - t_{\mathrm{start}}", _GRAPHLENS, "lower", "s"),
    Term("peak_mb", "peak memory", "Largest growth of the process's resident memory (RSS) during the run, "
         "sampled while it runs and read from the kernel's high-water mark, so numpy, numba, torch and native "
         "allocations all count. Freed memory is handed back to the system first so that reused memory counts.",
         r"\max_t \mathrm{RSS}(t) - \mathrm{RSS}(t_0)", _GRAPHLENS, "lower", "MB"),
    Term("peak_bytes", "peak memory", "Peak memory of the run in bytes (see peak memory).",
         r"\max_t \mathrm{RSS}(t) - \mathrm{RSS}(t_0)", _GRAPHLENS, "lower", "bytes"),
)}

_PATTERN = re.compile(r"^(?P<stem>.+)@(?P<k>\d+)$")


def has_term(key: str) -> bool:
    """Whether :func:`lookup` knows ``key``."""
    try:
        lookup(key)
    except ParameterError:
        return False
    return True


def lookup(key: str) -> Term:
    """The :class:`Term` of a metric key; keys like ``recall@50`` get the ``recall@K`` entry with K filled in.

    Raises
    ------
    ParameterError
        If the glossary has no entry for ``key``.
    """
    key = str(key).removeprefix("metric.")
    if key in GLOSSARY:
        return GLOSSARY[key]
    match = _PATTERN.match(key)
    if match and f"{match['stem']}@K" in GLOSSARY:
        return _with_k(GLOSSARY[f"{match['stem']}@K"], key, match["k"])
    raise ParameterError(f"metric must be one of the glossary's terms (got {key!r})")


def _with_k(term: Term, key: str, k: str) -> Term:
    name = term.name.replace("@K hops", f" at {k} hop" + ("" if k == "1" else "s")).replace("@K", f"@{k}")
    definition = term.definition
    if term.key == "precision@K":
        definition = definition.replace("the K most similar", f"the {k} most similar")
    elif term.key == "map@K":
        definition = definition.replace("true K-hop", f"true {k}-hop")
    else:
        definition = definition.replace("the K highest", f"the {k} highest").replace("top K", f"top {k}")
    return replace(term, key=key, name=name, definition=definition, formula=term.formula.replace("K", k)
                   if term.key != "map@K" else term.formula.replace("_K", f"_{k}"))


def metric_label(key: str) -> str:
    """Display name of a metric with its unit, e.g. ``"seconds (s)"``, ``"ng-R@50"``; unknown keys unchanged."""
    try:
        term = lookup(key)
    except ParameterError:
        return str(key)
    return f"{term.name} ({term.unit})" if term.unit else term.name


#: "What am I looking at?" for each figure builder, keyed ``module.function`` under engine.figures.
FIGURE_NOTES: dict[str, str] = {
    # summarization
    "summary.summary_graph_figure": (
        "Each circle is a supernode: a group of input nodes that SSumM merged, sized by how many nodes it holds "
        "and coloured by its inner density (the share of member pairs that are connected). Lines are "
        "superedges: the summary says 'every node of A is linked to every node of B with weight ω'; thicker and "
        "darker lines have larger ω. Expanding a supernode draws its members on a ring around it with their "
        "real edges, so you can check how well one weight describes them. A good summary has few supernodes, "
        "dense circles and few, heavy superedges."),
    "summary.adjacency_figure": (
        "Two adjacency matrices with the nodes ordered by supernode (largest first), so each supernode is a "
        "block on the diagonal. Left: the input (dark = edge); right: what the summary reconstructs (each block "
        "filled with its superedge weight). Large graphs are binned: a cell is the share of edges in its block, "
        "on a square-root colour scale so sparse blocks stay visible. The closer the right matches the left, the "
        "lower RE1/RE2. Zoom with the toolbar to inspect one block."),
    "summary.size_error_figure": (
        "Each point is one SSumM summary at a different bit budget: how big it is (x, share of the input's bits) "
        "against its reconstruction error (y). The dashed line is the error of keeping nothing. SLUGGER's star "
        "sits at error 0 because it is lossless, at its own size measure (edges stored per input edge). A good "
        "method is low and to the left; the curve shows what each extra bit buys."),
    "summary.hierarchy_figure": (
        "SLUGGER's hierarchy as a tree, read top-down: a box is a supernode, its children are the supernodes or "
        "input nodes it contains, and its width is the number of input nodes below it. Only the upper levels are "
        "drawn; click a box to zoom into it. Hover for names. Deep, wide trees mean the graph has nested "
        "structure SLUGGER can exploit with few edges."),
    "summary.edge_counts_figure": (
        "What SLUGGER stores, against the input's edge count (grey): positive edges P+ (an edge between two "
        "tree nodes stands for all edges between their leaves), negative corrections P−, and hierarchy links H. "
        "If the first three bars together are shorter than the grey one, the lossless summary is smaller than "
        "the graph."),
    "summary.history_figure": (
        "How each run improved over its iterations, one panel per quantity so that errors (about 0.01) and "
        "SLUGGER's cost (thousands of edges) are not squeezed onto one axis. Flat tails mean more iterations "
        "would not help."),
    # compare
    "compare.metric_bars_figure": (
        "One panel per metric, each with its own axis, one bar per run; bar colours name the method and the "
        "legend gives each run's method, parameters, seed and dataset. Hover a bar for the exact value. The "
        "glossary below says which direction is better for each metric."),
    # scene graphs
    "scenegraph.scene_figure": (
        "One image's scene graph on the image plane: each object sits at the centre of its box (outlined), "
        "arrows go from subject to object and are labelled with the predicate."),
    "scenegraph.predicate_graph_figure": (
        "The same scene graph with predicates as nodes of their own (blue) between subject and object (red), so "
        "that several relations between the same two objects stay readable."),
    "scenegraph.density_histogram": (
        "How many images (y) have each graph density (x): relations per ordered object pair. Most scene graphs "
        "are sparse, which is why a loss that sums over every pair is dominated by 'no relation'; the "
        "density-normalized loss corrects for that."),
    "scenegraph.predicate_long_tail": (
        "How often each predicate occurs in training, most frequent first, on a log axis. A few predicates "
        "('on', 'has', 'wearing') cover most relations: a model can score well on R@K by predicting only them, "
        "which mR@K and zR@K expose."),
    "scenegraph.metrics_comparison": (
        "Each group is one metric (see the glossary), one bar per method; all are recalls between 0 and 1. Look "
        "beyond R@K: zero-shot (zR) and mean (mR) recall show whether a method generalises to rare and unseen "
        "compositions."),
    "scenegraph.per_predicate_recall_figure": (
        "Recall of each predicate, predicates ordered by training frequency (frequent on the left). A biased "
        "model is high on the left and near 0 on the right; a better one keeps more of the tail."),
    # embeddings
    "embedding.map_bars_figure": (
        "RESTORE reconstruction: for every (sampled) node, rank all other nodes by similarity and ask how early "
        "its true neighbours within k hops appear (mean average precision, 1 = perfect). One group per hop count, "
        "one colour per method. Methods that encode local structure win at 1 hop; those that keep proximity "
        "(HOPE, walks) hold up at 2–3 hops."),
    "embedding.map_line_figure": (
        "The same mAP as a line over the number of hops, one line per method: how quickly each embedding loses "
        "the wider neighbourhood."),
    "embedding.f1_figure": (
        "Node classification: a logistic regression trained on a share of the labelled nodes (x) predicts the "
        "rest; Micro-F1 (left) pools all nodes, Macro-F1 (right) averages over classes. Error bars are the "
        "spread over repeated random splits."),
    "embedding.cost_figure": (
        "What each embedding cost: wall time on a log axis (left) and peak memory growth (right), measured once "
        "around the run. Memory counts numpy, numba and torch allocations alike."),
    "embedding.projection_figure": (
        "Every node's vector squeezed to two dimensions (PCA: the two directions of largest variance, in the "
        "embedding's own units; t-SNE: keeps near neighbours near, its axes have no unit and distances between "
        "clusters mean little; above 1,000 nodes it is fitted on a seeded sample of 1,000 and every other node "
        "is placed beside its nearest sampled nodes). Colour is the node label where "
        "the graph has labels, or a community otherwise. Separated colours mean the embedding encodes what the "
        "labels describe."),
    "embedding.neighbourhood_figure": (
        "One node (black), its true neighbours within k hops and the nodes each embedding puts nearest to it. "
        "Green: a true neighbour the embedding found; red: a true neighbour it missed; orange: a node it put near "
        "that is not a neighbour; grey: other nodes drawn for context; light lines are the graph's edges. "
        "Positions come from a layout of this subgraph, so the axes carry no quantity. AP is that node's average "
        "precision."),
    # hypergraphs
    "hypergraph.bipartite_figure": (
        "The hypergraph as a bipartite graph: nodes on one side, hyperedges on the other, a line for each "
        "membership (node in hyperedge)."),
    "hypergraph.hull_figure": (
        "Hyperedges drawn as shaded hulls around their member nodes: nodes inside one hull belong to one "
        "hyperedge, and overlapping hulls share nodes."),
    "hypergraph.projection_figure": (
        "The projection (clique expansion): two nodes are linked if they share any hyperedge. Outlines mark what "
        "the projection loses: hyperedges nested inside larger ones (pattern 1) and cliques that are no "
        "hyperedge (pattern 2). These are why reconstruction is hard."),
    "hypergraph.loss_pattern_figure": (
        "Per hyperedge size: how many hyperedges there are, how many are nested inside a larger one, and how many "
        "maximal cliques of the projection are not hyperedges."),
    "hypergraph.metrics_figure": (
        "Jaccard, precision, recall and F1 of each method's reconstruction (see the glossary); higher is better "
        "and Jaccard is the paper's headline score."),
    "hypergraph.per_size_recall_figure": (
        "Share of the true hyperedges of each size that were reconstructed exactly; n under each size is how many "
        "true hyperedges it has (a recall from a few is noise). Maximal cliques do well on large hyperedges and "
        "miss small nested ones; SHyRe learns which cliques to keep."),
    "hypergraph.outcome_figure": (
        "The reconstruction on a part of the hypergraph: correct hyperedges, spurious ones (predicted but not "
        "true) and missed ones (dashed outlines)."),
    "hypergraph.outcome_size_figure": (
        "Correct, spurious and missed hyperedges stacked per hyperedge size: where a method's mistakes are "
        "(small nested hyperedges are the hard ones)."),
    # explore
    "graph.network_figure": (
        "The graph itself: one dot per node, one grey line per edge (above 5,000 edges the edges are one shaded "
        "image, darker where more edges cross). The layout places linked nodes near each other; its x and y "
        "have no unit, only distances matter, so the axes are hidden. Colour and size show the measures chosen "
        "at the left: a colour bar for a number (e.g. PageRank), a legend for categories (e.g. Louvain "
        "communities: the largest each have a colour, the rest are grey 'other'). Hover a dot for its id and "
        "values; box or lasso to select nodes. A good drawing shows groups as separate clumps: a single blob "
        "says little, try another layout."),
    "graph.degree_ccdf_figure": (
        "For each degree k (x, log scale), the share of nodes whose degree is at least k (y, log scale, in "
        "percent): the curve starts at 100 % (every node has degree ≥ 1) and falls to 1/n at the largest "
        "degree. A curve that stays straight on these log-log axes is a heavy tail (power-law-like: a few hubs "
        "hold many edges); a curve that drops off steeply means degrees cluster around their mean. Nodes of "
        "degree 0 cannot be drawn on a log axis; their count is in the subtitle."),
}


def figure_note(builder: str) -> str:
    """The "What am I looking at?" paragraph of a figure builder (``"summary.adjacency_figure"``).

    Raises
    ------
    ParameterError
        If no note exists for ``builder``.
    """
    builder = str(builder).removeprefix("engine.figures.")
    try:
        return FIGURE_NOTES[builder]
    except KeyError:
        raise ParameterError(f"figure must be one of the glossary's figures (got {builder!r})") from None


_ENTRIES = {
    ("ssumm",): """@inproceedings{lee2020ssumm,
  title     = {{SSumM}: Sparse Summarization of Massive Graphs},
  author    = {Lee, Kyuhan and Jo, Hyeonsoo and Ko, Jihoon and Lim, Sungsu and Shin, Kijung},
  booktitle = {Proceedings of the 26th ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  year      = {2020}
}""",
    ("slugger",): """@inproceedings{lee2022slugger,
  title     = {{SLUGGER}: Lossless Hierarchical Summarization of Massive Graphs},
  author    = {Lee, Kyuhan and Ko, Jihoon and Shin, Kijung},
  booktitle = {IEEE 38th International Conference on Data Engineering (ICDE)},
  year      = {2022}
}""",
    ("shyre",): """@inproceedings{wang2024hypergraph,
  title     = {From Graphs to Hypergraphs: Hypergraph Projection and its Reconstruction},
  author    = {Wang, Yanbang and Kleinberg, Jon},
  booktitle = {International Conference on Learning Representations (ICLR)},
  year      = {2024}
}""",
    ("maxclique",): """@article{bron1973algorithm,
  title   = {Algorithm 457: Finding All Cliques of an Undirected Graph},
  author  = {Bron, Coen and Kerbosch, Joep},
  journal = {Communications of the ACM},
  volume  = {16},
  number  = {9},
  pages   = {575--577},
  year    = {1973}
}""",
    ("cliquecover",): """@article{gramm2009data,
  title   = {Data Reduction and Exact Algorithms for Clique Cover},
  author  = {Gramm, Jens and Guo, Jiong and H{\\"u}ffner, Falk and Niedermeier, Rolf},
  journal = {ACM Journal of Experimental Algorithmics},
  volume  = {13},
  year    = {2009}
}""",
    ("cfinder",): """@article{palla2005uncovering,
  title   = {Uncovering the Overlapping Community Structure of Complex Networks in Nature and Society},
  author  = {Palla, Gergely and Der{\\'e}nyi, Imre and Farkas, Ill{\\'e}s and Vicsek, Tam{\\'a}s},
  journal = {Nature},
  volume  = {435},
  pages   = {814--818},
  year    = {2005}
}""",
    ("frequency",): """@inproceedings{zellers2018neural,
  title     = {Neural Motifs: Scene Graph Parsing with Global Context},
  author    = {Zellers, Rowan and Yatskar, Mark and Thomson, Sam and Choi, Yejin},
  booktitle = {IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
  year      = {2018}
}""",
    ("baseline", "dnorm", "dnorm-fgbg"): """@inproceedings{knyazev2020graph,
  title     = {Graph Density-Aware Losses for Novel Compositions in Scene Graph Generation},
  author    = {Knyazev, Boris and de Vries, Harm and Cangea, C{\\u{a}}t{\\u{a}}lina and Taylor, Graham W. and
               Courville, Aaron and Belilovsky, Eugene},
  booktitle = {British Machine Vision Conference (BMVC)},
  year      = {2020}
}""",
    ("fastrp",): """@inproceedings{chen2019fast,
  title     = {Fast and Accurate Network Embeddings via Very Sparse Random Projection},
  author    = {Chen, Haochen and Sultan, Syed Fahad and Tian, Yingtao and Chen, Muhao and Skiena, Steven},
  booktitle = {Proceedings of the 28th ACM International Conference on Information and Knowledge Management (CIKM)},
  year      = {2019}
}""",
    ("hope",): """@inproceedings{ou2016asymmetric,
  title     = {Asymmetric Transitivity Preserving Graph Embedding},
  author    = {Ou, Mingdong and Cui, Peng and Pei, Jian and Zhang, Ziwei and Zhu, Wenwu},
  booktitle = {Proceedings of the 22nd ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  year      = {2016}
}""",
    ("laplacian",): """@article{belkin2003laplacian,
  title   = {Laplacian Eigenmaps for Dimensionality Reduction and Data Representation},
  author  = {Belkin, Mikhail and Niyogi, Partha},
  journal = {Neural Computation},
  volume  = {15},
  number  = {6},
  pages   = {1373--1396},
  year    = {2003}
}""",
    ("deepwalk",): """@inproceedings{perozzi2014deepwalk,
  title     = {{DeepWalk}: Online Learning of Social Representations},
  author    = {Perozzi, Bryan and Al-Rfou, Rami and Skiena, Steven},
  booktitle = {Proceedings of the 20th ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  year      = {2014}
}""",
    ("node2vec",): """@inproceedings{grover2016node2vec,
  title     = {node2vec: Scalable Feature Learning for Networks},
  author    = {Grover, Aditya and Leskovec, Jure},
  booktitle = {Proceedings of the 22nd ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  year      = {2016}
}""",
    ("sdne",): """@inproceedings{wang2016structural,
  title     = {Structural Deep Network Embedding},
  author    = {Wang, Daixin and Cui, Peng and Zhu, Wenwu},
  booktitle = {Proceedings of the 22nd ACM SIGKDD International Conference on Knowledge Discovery and Data Mining},
  year      = {2016}
}""",
}
#: BibTeX of each method's paper, by method name (see :data:`engine.methods.METHODS`).
BIBTEX: dict[str, str] = {name: entry for names, entry in _ENTRIES.items() for name in names}


def bibtex(method: str) -> str:
    """BibTeX of the paper behind ``method`` (a name in :data:`engine.methods.METHODS`).

    Raises
    ------
    ParameterError
        If the method has no BibTeX entry.
    """
    try:
        return BIBTEX[method]
    except (KeyError, TypeError):
        raise ParameterError(f"method must be one of {', '.join(BIBTEX)} (got {method!r})") from None
