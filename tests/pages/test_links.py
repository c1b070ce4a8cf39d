"""AppTest of the shareable-link helper (pages._teaching: Shared, restore, share, link_box) on a tiny script,
and of a hostile link on a real page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

def _script():
    import streamlit as st

    from pages._teaching import Shared, check_seed, link_box, restore, share

    restore("demo", [Shared("colour", "demo.colour", choices=["red", "blue"]),
                     Shared("seed", "demo.seed", int, check=check_seed),
                     Shared("ratio", "demo.ratio", float),
                     Shared("on", "demo.on", bool),
                     Shared("names", "demo.names", many=True, choices=["a", "b", "c"])],
            known=["later"])
    colour = st.selectbox("Colour", ["red", "blue"], key="demo.colour")
    seed = st.number_input("Seed", 0, 100, 1, key="demo.seed")
    ratio = st.number_input("Ratio", 0.0, 1.0, 0.5, key="demo.ratio")
    on = st.toggle("On", key="demo.on")
    names = st.multiselect("Names", ["a", "b", "c"], key="demo.names")
    restore("demo", [Shared("later", "demo.later")])
    later = st.text_input("Later", key="demo.later")
    share({"colour": colour, "seed": seed, "ratio": ratio, "on": on, "names": names, "later": later or None})
    link_box("demo")


def _opened(params: dict[str, str]) -> AppTest:
    at = AppTest.from_function(_script)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_state_goes_to_the_url_and_a_new_session_reopens_it(link_of):
    at = AppTest.from_function(_script).run()
    at.selectbox(key="demo.colour").set_value("blue")
    at.number_input(key="demo.seed").set_value(7)
    at.number_input(key="demo.ratio").set_value(0.25)
    at.toggle(key="demo.on").set_value(True)
    at.multiselect(key="demo.names").set_value(["c", "a"])
    at.text_input(key="demo.later").set_value("x y")
    at.run()
    assert not at.exception
    link = link_of(at)
    assert link == {"colour": "blue", "seed": "7", "ratio": "0.25", "on": "true", "names": "c,a", "later": "x y"}
    assert at.code[0].value.endswith("?colour=blue&seed=7&ratio=0.25&on=true&names=c%2Ca&later=x+y")

    again = _opened(link)
    assert not again.exception
    assert again.selectbox(key="demo.colour").value == "blue"
    assert again.number_input(key="demo.seed").value == 7
    assert again.number_input(key="demo.ratio").value == 0.25
    assert again.toggle(key="demo.on").value is True
    assert again.multiselect(key="demo.names").value == ["c", "a"]
    assert again.text_input(key="demo.later").value == "x y"
    assert not [c for c in again.caption if c.value.startswith("Ignored")]  # nothing was ignored
    assert link_of(again) == link


def test_bad_and_unknown_values_are_ignored_with_a_plain_note():
    at = _opened({"colour": "green", "seed": "-3", "ratio": "nan", "on": "maybe", "names": "a,zz",
                  "evil": "**x**", "[y](http://e.vil)": "1"})
    assert not at.exception
    assert at.selectbox(key="demo.colour").value == "red"  # defaults kept
    assert at.number_input(key="demo.seed").value == 1
    assert at.number_input(key="demo.ratio").value == 0.5
    assert at.toggle(key="demo.on").value is False
    assert at.multiselect(key="demo.names").value == []
    (note,) = [c.value for c in at.caption if c.value.startswith("Ignored from the link")]
    for text in ("colour=green (not one of the choices here)", "seed=-3 (must be between 0 and 2147483647)",
                 "ratio=nan (must be a finite number)", "on=maybe (must be true or false)", "names=a,zz"):
        assert text in note.replace("\\", "")
    assert "evil (not a setting of this page)" in note.replace("\\", "")
    assert r"\[y\]\(http:\/\/e.vil\)" in note  # markup escaped: shown literally, never as a link
    assert "\\*\\*x" not in note  # unknown names are listed, their values are not echoed


def test_the_note_is_shown_once_and_the_link_is_read_once_per_session(link_of):
    at = _opened({"colour": "blue", "seed": "oops"})
    assert at.selectbox(key="demo.colour").value == "blue"
    at.selectbox(key="demo.colour").set_value("red").run()
    assert not at.exception
    assert at.selectbox(key="demo.colour").value == "red"  # the user's choice wins over the link afterwards
    assert not [c for c in at.caption if c.value.startswith("Ignored")]
    assert link_of(at)["colour"] == "red"


def test_overlong_text_is_ignored():
    at = _opened({"later": "x" * 500})
    assert not at.exception
    assert at.text_input(key="demo.later").value == ""
    assert "longer than 200 characters" in " ".join(c.value for c in at.caption)


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_summarize_ignores_a_hostile_link_and_keeps_its_defaults(open_page):
    at = open_page("pages/summarize.py", {"method": "<script>", "ratio": "abc", "dataset": "no_such", "seed": "1e9x"},
                   timeout=300)
    assert not at.exception
    assert at.radio(key="summarize.method").value == "ssumm"
    assert at.selectbox(key="summarize.dataset").value == "karate_club"
    assert at.number_input(key="summarize.seed").value == 1
    notes = " ".join(c.value for c in at.caption if c.value.startswith("Ignored from the link"))
    assert "method=\\<script\\>" in notes  # escaped: shown literally
    for text in ("ratio=abc (must be a number)", "dataset=no_such", "seed=1e9x (must be an integer)"):
        assert text in notes.replace("\\", "")
    assert not at.metric  # nothing ran: the link named no valid method


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_hypergraphs_reconstruction_round_trips_through_the_url(open_page, link_of):
    at = open_page("pages/hypergraphs.py", timeout=300)
    at.selectbox(key="hypergraphs.dataset").set_value("crime").run()
    at.multiselect(key="hypergraphs.methods").set_value(["maxclique", "cliquecover"])
    at.number_input(key="hypergraphs.seed").set_value(2)
    next(button for button in at.button if button.label == "Reconstruct").click().run()
    at.selectbox(key="hypergraphs.shown").set_value("cliquecover").run()
    assert not at.exception
    link = link_of(at)
    assert link["dataset"] == "crime" and link["methods"] == "maxclique,cliquecover" and link["seed"] == "2"
    assert link["shown"] == "cliquecover"
    table = at.dataframe[0].value

    again = open_page("pages/hypergraphs.py", link, timeout=300)
    assert not again.exception
    assert again.selectbox(key="hypergraphs.dataset").value == "crime"
    assert again.multiselect(key="hypergraphs.methods").value == ["maxclique", "cliquecover"]
    assert again.selectbox(key="hypergraphs.shown").value == "cliquecover"
    assert again.dataframe[0].value.equals(table)  # reconstructed from the link, without pressing the button
    assert link_of(again) == link
    assert sum(e.label.startswith("Cite ") for e in again.expander) == 4  # every method's BibTeX


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_compare_selection_round_trips_and_private_runs_stay_private(open_page, link_of, monkeypatch):
    from engine.runs import RunRegistry

    registry = RunRegistry()
    ids = [registry.record(method, {"seed": seed}, dataset="karate_club", fingerprint="f", metrics={"mean": value},
                           seconds=0.1, peak_bytes=2**20, capability="graphs", owner="session-a")
           for method, seed, value in (("pagerank", 0, 0.1), ("pagerank", 1, 0.2), ("degree", 0, 3.0))]
    at = open_page("pages/compare.py", timeout=60, owner="session-a")
    assert not at.exception
    at.multiselect(key="compare.runs").set_value([ids[2], ids[0]])
    at.multiselect(key="compare.metrics").set_value(["mean"]).run()
    link = link_of(at)
    assert link == {"capability": "all", "runs": f"{ids[2]},{ids[0]}", "metrics": "mean"}

    again = open_page("pages/compare.py", link, timeout=60, owner="session-a")  # the same user in a new tab
    assert not again.exception
    assert again.multiselect(key="compare.runs").value == [ids[2], ids[0]]
    assert again.multiselect(key="compare.metrics").value == ["mean"]
    assert link_of(again) == link

    registry.record("degree", {}, dataset="karate_club", fingerprint="f", metrics={"mean": 3.0}, seconds=0.1,
                    peak_bytes=0, capability="graphs", owner="session-b")
    # someone else: the runs are private, the link says so quietly
    stranger = open_page("pages/compare.py", link, timeout=60, owner="session-b")
    assert not stranger.exception
    assert not stranger.error
    notes = " ".join(c.value for c in stranger.caption if c.value.startswith("Ignored"))
    assert "is not visible to this session" in notes

    monkeypatch.setenv("GRAPHLENS_SHARED_RUNS", "1")  # the operator shares runs: the link opens them read-only
    shared = open_page("pages/compare.py", link, timeout=60, owner="session-b")
    assert not shared.exception
    assert shared.multiselect(key="compare.runs").value == [ids[2], ids[0]]


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_experiments_composed_grid_round_trips_through_the_url(open_page, link_of):
    at = open_page("pages/experiments.py", timeout=120)
    at.radio(key="experiments.source").set_value("Compose").run()
    at.selectbox(key="experiments.capability").set_value("summarization").run()
    at.multiselect(key="experiments.methods").set_value(["ssumm", "slugger"])
    at.multiselect(key="experiments.datasets").set_value(["karate_club", "les_miserables"]).run()
    at.selectbox(key="experiments.param").set_value("ssumm.ratio").run()
    at.number_input(key="experiments.low").set_value(0.1)
    at.number_input(key="experiments.high").set_value(0.5)
    at.number_input(key="experiments.steps").set_value(5)
    at.slider(key="experiments.seeds").set_value(2).run()
    assert not at.exception
    link = link_of(at)
    assert link == {"source": "Compose", "capability": "summarization", "methods": "ssumm,slugger",
                    "datasets": "karate_club,les_miserables", "param": "ssumm.ratio", "low": "0.1", "high": "0.5",
                    "steps": "5", "seeds": "2"}
    grid_file = next(c.value for c in at.code if "[methods" in c.value or "methods" in c.value)

    again = open_page("pages/experiments.py", link, timeout=120)
    assert not again.exception
    assert again.multiselect(key="experiments.methods").value == ["ssumm", "slugger"]
    assert again.slider(key="experiments.seeds").value == 2
    assert next(c.value for c in again.code if "[methods" in c.value or "methods" in c.value) == grid_file
    assert not [c for c in again.caption if c.value.startswith("Ignored")]
    assert link_of(again) == link


@pytest.mark.usefixtures("clear_streamlit_caches")
def test_scene_graphs_data_and_trained_methods_round_trip_through_the_url(open_page, link_of):
    at = open_page("pages/scene_graphs.py", timeout=300)
    at.number_input(key="scene_graphs.n_train").set_value(40)
    at.number_input(key="scene_graphs.n_test").set_value(20)
    at.number_input(key="scene_graphs.data_seed").set_value(2).run()
    at.number_input(key="scene_graphs.graph").set_value(3)
    at.multiselect(key="scene_graphs.methods").set_value(["frequency"]).run()
    at.button(key="scene_graphs.train").click().run()
    assert not at.exception
    link = link_of(at)
    assert link == {"data": "synthetic", "n_train": "40", "n_test": "20", "data_seed": "2", "graph": "3",
                    "methods": "frequency", "trained": "true", "seed": "1"}
    table = at.dataframe[0].value

    again = open_page("pages/scene_graphs.py", link, timeout=300)
    assert not again.exception
    assert again.number_input(key="scene_graphs.n_train").value == 40
    assert again.number_input(key="scene_graphs.graph").value == 3
    assert again.dataframe[0].value.equals(table)  # evaluated from the link
    assert link_of(again) == link
    assert any(e.label.startswith("Cite ") for e in again.expander)
