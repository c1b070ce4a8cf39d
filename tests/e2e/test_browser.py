"""End to end in headless Chromium: the running app draws a dataset and reports a bad upload.

The server and browser come from ``tests/e2e/conftest.py``.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_error_box, open_app_page, wait_for_app_run

MALFORMED = b"source,target\na,b\nb,c\nc\n"  # line 4 has one column

pytestmark = pytest.mark.e2e


def test_browser_draws_dataset_and_reports_bad_upload(app_url, chromium):
    from playwright.sync_api import expect

    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), app_url)
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_contain_text("77")  # Les Misérables

    # pick another built-in dataset
    page.get_by_test_id("stSelectbox").filter(has_text="Dataset").click()
    page.get_by_role("option", name=re.compile("karate club")).click()
    wait_for_app_run(page)
    expect(page.get_by_test_id("stMetric").first).to_contain_text("34")
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()

    # upload a malformed edge list: an error, no exception, the previous graph kept
    page.get_by_test_id("stRadio").filter(has_text="Upload a file").get_by_text("Upload a file").click()
    wait_for_app_run(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "malformed.csv", "mimeType": "text/csv", "buffer": MALFORMED}]
    )
    wait_for_app_run(page)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("line 4: expected 2 or 3 columns, got 1")
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_test_id("stMetric").first).to_contain_text("34")
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()


def test_browser_deep_link_on_a_fresh_server_uses_the_app_navigation(app_url, chromium):
    """A first visit straight to /compare must run inside app.py's navigation, not Streamlit's legacy pages/ mode."""
    from playwright.sync_api import expect

    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), f"{app_url}/compare")
    expect(page.get_by_role("heading", name="Compare runs")).to_be_visible()
    links = page.get_by_test_id("stSidebarNavLink")
    expect(links.filter(has_text="Explore")).to_have_count(1)
    expect(links.filter(has_text="shared")).to_have_count(0)  # pages/_shared.py is not a page
    assert page.locator('[data-testid="stException"]').count() == 0


def test_browser_reload_keeps_the_sessions_runs_and_a_new_browser_does_not_see_them(app_url, tmp_path, chromium):
    """The owner id lives in a cookie: after a reload Compare still lists the browser's run; another browser's
    Compare does not (runs are private unless GRAPHLENS_SHARED_RUNS=1)."""
    from playwright.sync_api import expect

    from engine.runs import RunRegistry

    first = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = open_app_page(first.new_page(), f"{app_url}/compare")
    expect(page.get_by_text("No runs recorded yet")).to_be_visible()
    page.wait_for_function("document.cookie.includes('graphlens_owner=session-')")
    owner = page.evaluate("document.cookie.match(/graphlens_owner=(session-[0-9a-f]+)/)[1]")
    RunRegistry(tmp_path / "home" / "runs.sqlite").record(
        "pagerank", {"seed": 1}, dataset="karate_club", metrics={"mean": 0.03}, seconds=0.1,
        capability="graphs", fingerprint="f", peak_bytes=2**20, owner=owner)
    page.reload()
    wait_for_app_run(page)
    expect(page.get_by_text("No runs recorded yet")).to_have_count(0)
    assert_no_error_box(page)

    stranger = open_app_page(chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page(),
                             f"{app_url}/compare")
    expect(stranger.get_by_text("No runs recorded yet")).to_be_visible()


def test_browser_experiments_runs_the_tiny_grid_to_its_pareto_plot(app_url, chromium):
    """The Experiments page runs the shipped tiny grid on the app's local Dask cluster and draws its figures."""
    from playwright.sync_api import expect

    page = open_app_page(chromium.new_page(viewport={"width": 1400, "height": 1000}), f"{app_url}/experiments",
                         timeout=400_000)
    expect(page.get_by_text("12 tasks", exact=False)).to_be_visible()
    page.get_by_role("button", name="Run grid").click()
    wait_for_app_run(page, timeout=400_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    expect(page.get_by_text("12 run, 0 skipped")).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
    expect(page.locator(".gtitle").filter(has_text="Time vs")).to_have_count(1)  # the Pareto plot
