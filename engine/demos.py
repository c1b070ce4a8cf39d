"""Ready demos: one preset per page, run through :func:`engine.methods.execute` like any other run.

A :class:`Demo` names the dataset, the runs (method, parameters, seed) and three sentences
that say what to notice. Pages show a "Show me" button that runs the preset's runs (cached
after the first time) and draws its figures; the engine holds the preset and the words.

Examples
--------
>>> [run.method for run in demo("summarize").runs]
['ssumm', 'ssumm', 'ssumm']
>>> len(demo("summarize").narrative.split(". ")) >= 3
True
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import ParameterError
from engine.methods import get_method

__all__ = ["DemoRun", "Demo", "DEMOS", "demo"]


@dataclass(frozen=True)
class DemoRun:
    """One run of a demo: a method name, its parameters (others at their defaults) and the seed."""

    method: str
    params: tuple[tuple[str, object], ...] = ()
    seed: int = 1

    def __post_init__(self) -> None:
        get_method(self.method).validate(dict(self.params))  # a preset with a bad parameter fails at import


@dataclass(frozen=True)
class Demo:
    """A page's preset: title, dataset (with ``data`` options, e.g. a synthetic set's size), runs, narrative."""

    page: str
    title: str
    dataset: str
    runs: tuple[DemoRun, ...]
    narrative: str
    data: tuple[tuple[str, object], ...] = ()


#: The demo of each page, by page key.
DEMOS: dict[str, Demo] = {d.page: d for d in (
    Demo("summarize", "SSumM at three budgets on ego-Facebook", "ego_facebook", tuple(
        DemoRun("ssumm", (("ratio", ratio), ("n_iterations", 10))) for ratio in (0.05, 0.2, 0.5)), (
        "SSumM squeezes the ego-Facebook friendship graph into 5 %, 20 % and 50 % of its bits. "
        "Read the size–error curve: every extra bit of budget buys a lower error, and even 5 % of the bits is "
        "well below the dashed line of keeping nothing, because dense friend circles are cheap to describe as "
        "supernodes. The largest supernode is expanded on the right: its members really are an almost complete "
        "clique, so one superedge weight describes them well.")),
    Demo("hypergraphs", "SHyRe against maximal cliques on Enron", "enron", (
        DemoRun("shyre", (("budget", 1000),)), DemoRun("maxclique")), (
        "Both methods see only the projection of the Enron e-mail hypergraph: who was on an e-mail with whom. "
        "Maximal cliques declare every largest group a hyperedge, so they miss e-mails whose recipients are a "
        "subset of a larger e-mail. SHyRe learns from the training half which cliques are real hyperedges and "
        "recovers clearly more of them (compare the Jaccard bars and the recall by size).")),
    Demo("scene_graphs", "Baseline loss against the density-normalized loss on synthetic scene graphs", "synthetic", (
        DemoRun("baseline", (("epochs", 5),)), DemoRun("dnorm", (("epochs", 5),))), (
        "Both models learn the same predicate classifier on synthetic scene graphs whose predicates follow a long "
        "tail. The baseline loss is dominated by the many 'no relation' pairs of sparse graphs, while the "
        "density-normalized loss weighs foreground and background by their counts. Compare the bars, zero-shot "
        "recall (zR) and mean recall (mR) above all: with only a few epochs the baseline is still pulled towards "
        "'no relation', while the normalized loss already finds rare and unseen compositions."),
        (("n_train", 600), ("n_test", 200), ("seed", 1))),
    Demo("embeddings", "FastRP against node2vec on Twitch England", "twitch_en", (
        DemoRun("fastrp"), DemoRun("node2vec", (("walks_per_node", 4), ("walk_length", 20)))), (
        "FastRP builds node vectors from a few sparse matrix products, while node2vec trains a skip-gram model "
        "on random walks (a short demo setting here: 4 walks of 20 steps from every node). Read the mAP bars "
        "first: FastRP ranks a streamer's true neighbours nearest to it far more often at 1 and 2 hops, and the "
        "gap closes at 3 hops, the reach of the walks. Then read the cost panel and the F1 curves: node2vec took "
        "many times longer to embed, yet predicts the streamers' 'mature language' label only slightly better.")),
)}


def demo(page: str) -> Demo:
    """The demo of ``page``.

    Raises
    ------
    ParameterError
        If the page has no demo.
    """
    try:
        return DEMOS[page]
    except KeyError:
        raise ParameterError(f"page must be one of {', '.join(DEMOS)} (got {page!r})") from None
