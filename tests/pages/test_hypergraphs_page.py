"""AppTest of pages/hypergraphs.py: shipped pair, loss patterns, reconstruction table and recorded runs, uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "hypergraphs.py")



def _shown(value: str) -> str:
    """What the user reads: the markdown escapes of pages._shared.plain removed."""
    return re.sub(r"\\(.)", r"\1", value)

def _charts(at: AppTest) -> list:
    return [e for e in at.main if getattr(e, "type", "") == "plotly_chart"]


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_shipped_pair_patterns_and_reconstruction():
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception
    # Enron test half: 756 hyperedges, 456 nested, 317 uncovered cliques (spec §1)
    assert [m.value for m in at.metric] == ["142", "756", "456", "317", "no"]
    at.selectbox(key="hypergraphs.dataset").set_value("crime").run()
    assert [m.value for m in at.metric][1:4] == ["256", "51", "3"]
    at.multiselect(key="hypergraphs.methods").set_value(["maxclique", "cliquecover"])
    next(button for button in at.button if button.label == "Reconstruct").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["method"]) == ["maxclique", "cliquecover"]
    assert table.loc[0, "jaccard"] == pytest.approx(0.7876, abs=1e-3)
    assert len(_charts(at)) == 4 + 4  # 4 drawings + metrics, per-size, outcome hulls, outcome sizes
    from engine.runs import RunRegistry

    runs = RunRegistry().list(capability="hypergraph")
    assert sorted(run.method for run in runs) == ["cliquecover", "maxclique"]
    assert all(run.owner.startswith("session-") and run.seed == 1 for run in runs)
    # A rerun replays the cached reconstructions (progress bars included) without errors or new runs.
    at.selectbox(key="hypergraphs.shown").set_value("cliquecover").run()
    assert not at.exception and not at.error
    assert len(RunRegistry().list(capability="hypergraph")) == 2


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_uploads_and_a_malformed_file():
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.radio(key="hypergraphs.source").set_value("Upload train and test").run()
    assert not at.exception
    assert any("Upload both" in i.value for i in at.info)
    uploaders = at.get("file_uploader")
    assert len(uploaders) == 2
    uploaders[0].set_value(("train.txt", b"1 2 3\n3 4\n", "text/plain"))
    uploaders[1].set_value(("test.txt", b"1 2\n2,3\n", "text/plain"))
    at.run()
    assert not at.exception
    assert any("test.txt was not read: line 2" in _shown(e.value) for e in at.error)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_reachable_through_the_app_router():
    app = str(Path(PAGE).parents[1] / "app.py")
    at = AppTest.from_file(app, default_timeout=120)
    at.switch_page("pages/hypergraphs.py").run()
    assert not at.exception
    assert at.title[0].value == "Hypergraphs: projection and reconstruction"
    assert [m.value for m in at.metric][:2] == ["142", "756"]
