"""AppTest of pages/compare.py: runs from a temporary registry side by side, filtered, charted, deleted;
each session sees and deletes only its own runs unless the operator shares them; a broken registry is one warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.runs import RunRegistry, take_registry_notices

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("clear_streamlit_caches")


OWNER = "session-a"


def _open(owner: str = OWNER) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["_shared.owner"] = owner  # the browser session's id (pages._shared.session_owner)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    return at


def _record(registry: RunRegistry, owner: str = OWNER) -> list[int]:
    """Three runs in the per-test registry (GRAPHLENS_HOME is isolated by tests/conftest.py)."""
    common = {"fingerprint": "f", "peak_bytes": 2**20, "owner": owner}
    return [
        registry.record("pagerank", {"seed": 0}, dataset="karate_club", metrics={"mean": 0.03}, seconds=0.1,
                        capability="graphs", **common),
        registry.record("louvain", {"seed": 1}, dataset="karate_club", metrics={"modularity": 0.42,
                        "n_communities": 4}, seconds=0.2, capability="graphs", **common),
        registry.record("ssumm", {"ratio": 0.5}, dataset="karate_club", metrics={"re1": 0.07}, seconds=0.3,
                        capability="summarization", **common),
    ]


def test_compare_without_runs_says_so():
    at = _open()
    assert "No runs recorded yet" in at.info[0].value


def test_compare_lists_runs_side_by_side_with_bar_charts():
    ids = _record(RunRegistry())
    at = _open()
    assert at.multiselect(key="compare.runs").value == [ids[2], ids[1], ids[0]]
    table = at.dataframe[0].value
    labels = list(table.columns)
    assert [label.rsplit(" (#", 1)[1] for label in labels] == [f"{ids[2]})", f"{ids[1]})", f"{ids[0]})"]
    assert labels[0].startswith("SSumM ρ=0.5 on ") and labels[1].startswith("louvain on ")
    assert table.loc["modularity", labels[1]] == "0.42" and table.loc["param.ratio", labels[0]] == "0.5"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [a["text"] for a in chart["layout"]["annotations"]]
    assert "modularity" in titles and "seconds (s)" in titles and all(t["type"] == "bar" for t in chart["data"])
    modularity = [t for t in chart["data"] if t["yaxis"] == "y" + str(titles.index("modularity") + 1 or "")]
    assert [t["x"] for t in modularity] == [[f"#{ids[1]}"]]  # only Louvain has one
    legend = [t["name"] for t in chart["data"] if t.get("showlegend")]
    assert legend == labels  # method, parameters and dataset in the legend
    assert any("What do these numbers mean?" in e.label for e in at.expander)


def test_compare_selection_survives_a_capability_change():
    ids = _record(RunRegistry())
    at = _open()
    at.multiselect(key="compare.metrics").set_value(["seconds", "modularity"]).run()
    at.selectbox(key="compare.capability").set_value("summarization").run()
    assert not at.exception
    assert at.multiselect(key="compare.runs").value == [ids[2], ids[1], ids[0]]
    assert at.multiselect(key="compare.metrics").value == ["seconds", "modularity"]
    options = at.multiselect(key="compare.runs").options  # the chosen stay offered (shown by label)
    assert len(options) == 3 and all(any(f"(#{run_id})" in option for option in options) for run_id in ids)


def test_compare_deletes_a_run():
    ids = _record(RunRegistry())
    at = _open()
    at.selectbox(key="compare.delete_choice").set_value(ids[1])
    at.button(key="compare.delete").click().run()
    assert not at.exception
    assert sorted(run.id for run in RunRegistry().list()) == [ids[0], ids[2]]
    assert not any(f"(#{ids[1]})" in option for option in at.multiselect(key="compare.runs").options)


def test_compare_selects_every_run_of_a_grid():
    from engine.runs import Run

    registry = RunRegistry()
    _record(registry)
    grid_runs = [registry.add(Run(id=0, capability="summarization", method="ssumm", params={"ratio": ratio},
                                  dataset="karate_club", fingerprint="f", metrics={"re1": ratio / 2}, seconds=0.1,
                                  peak_bytes=0, created="", seed=1, grid_id="sweep-0123", owner=OWNER))
                 for ratio in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)]
    at = _open()
    assert at.selectbox(key="compare.grid").options == ["none", "sweep-0123"]
    at.selectbox(key="compare.grid").set_value("sweep-0123").run()
    assert not at.exception
    chosen = at.multiselect(key="compare.runs").value
    assert sorted(chosen) == sorted(run.id for run in grid_runs)  # all six, not the first five
    assert len(at.dataframe[0].value.columns) == 6


def test_another_session_neither_sees_nor_deletes_my_runs(monkeypatch):
    mine = _record(RunRegistry(), owner="session-a")
    theirs = _record(RunRegistry(), owner="session-b")
    at = _open("session-b")
    def ids(labels):  # labels end in (#id)
        return sorted(int(label.rsplit("(#", 1)[1].rstrip(")")) for label in labels)

    assert ids(at.multiselect(key="compare.runs").options) == sorted(theirs)
    monkeypatch.setenv("GRAPHLENS_SHARED_RUNS", "1")
    at = _open("session-b")
    assert ids(at.multiselect(key="compare.runs").options) == sorted(mine + theirs)
    assert any("read-only" in caption.value for caption in at.caption)
    # only session-b's own runs are offered for deletion, even with sharing on
    offered = at.selectbox(key="compare.delete_choice").options  # labels ending in (#id)
    assert offered and set(ids(offered)) <= set(theirs)
    with pytest.raises(Exception, match="belongs to another user"):
        RunRegistry().delete(mine[0], owner="session-b")
    assert sorted(run.id for run in RunRegistry().list(owner="session-a")) == sorted(mine)


@pytest.mark.parametrize("fault", ["home-is-a-file", "garbled"])
def test_a_broken_registry_is_one_warning_and_no_exception(fault, isolated_registry):
    take_registry_notices()
    if fault == "home-is-a-file":
        isolated_registry.write_text("not a directory")
    else:
        isolated_registry.mkdir()
        (isolated_registry / "runs.sqlite").write_bytes(b"garbage " * 500)
    at = _open()
    assert not at.exception and not at.error
    assert len(at.warning) == 1 and str(isolated_registry / "runs.sqlite") in at.warning[0].value.replace("\\", "")
    take_registry_notices()
