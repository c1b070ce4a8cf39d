"""GraphLens: the Streamlit entry point, a router over the pages in ``pages/``."""

import pages._preload  # noqa: F401 - first: one thread imports pandas, plotly and the engine
import streamlit as st

from pages._shared import remember_session_owner

#: Every page, in menu order (pages/ is not auto-discovered once st.navigation runs).
PAGES = {
    "Graphs": [
        st.Page("pages/explore.py", title="Explore", icon=":material/hub:", default=True),
    ],
    "Methods": [
        st.Page("pages/hypergraphs.py", title="Hypergraphs", icon=":material/workspaces:"),
        st.Page("pages/summarize.py", title="Summarize", icon=":material/compress:"),
        st.Page("pages/scene_graphs.py", title="Scene graphs", icon=":material/account_tree:"),
        st.Page("pages/embeddings.py", title="Embeddings", icon=":material/scatter_plot:"),
    ],
    "Runs": [
        st.Page("pages/compare.py", title="Compare runs", icon=":material/compare_arrows:"),
        st.Page("pages/experiments.py", title="Experiments", icon=":material/science:"),
    ],
}


def run() -> None:
    """Configure the app and run the selected page."""
    st.set_page_config(page_title="GraphLens", page_icon=":material/hub:", layout="wide")
    navigation = st.navigation(PAGES)
    remember_session_owner()
    st.sidebar.caption("GraphLens: what published graph methods do to your graph.")
    navigation.run()


run()
