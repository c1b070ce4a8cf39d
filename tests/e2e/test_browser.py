"""End to end in headless Chromium: the running app draws a dataset and reports a bad upload.

Starts ``streamlit run app.py`` on a free port and drives it with Playwright
using the system Chromium (``/usr/bin/chromium``). Skipped on a machine
without Chromium, but under CI (``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
MALFORMED = b"source,target\na,b\nb,c\nc\n"  # line 4 has one column

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    """A Streamlit server on a free port, stopped after the test."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    port = _free_port()
    env = {**os.environ, "GRAPHLENS_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    log = open(tmp_path / "streamlit.log", "wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy:\n{(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_for_app_run(page, timeout: float = 90_000) -> None:
    """Wait until the script run triggered by the last action has finished (as Streamlit's own e2e tests do)."""
    page.wait_for_timeout(200)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]',
        timeout=timeout,
    )
    page.wait_for_function('document.querySelectorAll(\'[data-testid="stSkeleton"]\').length === 0', timeout=timeout)


def test_browser_draws_dataset_and_reports_bad_upload(app_url):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(app_url)
            _wait_for_app_run(page)
            expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
            expect(page.get_by_test_id("stMetric").first).to_contain_text("77")  # Les Misérables

            # pick another built-in dataset
            page.get_by_test_id("stSelectbox").filter(has_text="Dataset").click()
            page.get_by_role("option", name=re.compile("karate club")).click()
            _wait_for_app_run(page)
            expect(page.get_by_test_id("stMetric").first).to_contain_text("34")
            expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()

            # upload a malformed edge list: an error, no exception, the previous graph kept
            page.get_by_test_id("stRadio").filter(has_text="Upload a file").get_by_text("Upload a file").click()
            _wait_for_app_run(page)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                files=[{"name": "malformed.csv", "mimeType": "text/csv", "buffer": MALFORMED}]
            )
            _wait_for_app_run(page)
            error = page.locator('[data-testid="stAlertContentError"]')
            expect(error).to_contain_text("line 4: expected 2 or 3 columns, got 1")
            assert page.locator('[data-testid="stException"]').count() == 0
            expect(page.get_by_test_id("stMetric").first).to_contain_text("34")
            expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
        finally:
            browser.close()


def test_browser_deep_link_on_a_fresh_server_uses_the_app_navigation(app_url):
    """A first visit straight to /compare must run inside app.py's navigation, not Streamlit's legacy pages/ mode."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(f"{app_url}/compare")
            _wait_for_app_run(page)
            expect(page.get_by_role("heading", name="Compare runs")).to_be_visible()
            links = page.get_by_test_id("stSidebarNavLink")
            expect(links.filter(has_text="Explore")).to_have_count(1)
            expect(links.filter(has_text="shared")).to_have_count(0)  # pages/_shared.py is not a page
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()


def test_browser_experiments_runs_the_tiny_grid_to_its_pareto_plot(app_url):
    """The Experiments page runs the shipped tiny grid on the app's local Dask cluster and draws its figures."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(400_000)
            page.goto(f"{app_url}/experiments")
            _wait_for_app_run(page, timeout=400_000)
            expect(page.get_by_text("12 tasks", exact=False)).to_be_visible()
            page.get_by_role("button", name="Run grid").click()
            _wait_for_app_run(page, timeout=400_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
            expect(page.get_by_text("12 run, 0 skipped")).to_be_visible()
            expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
            expect(page.locator(".gtitle").filter(has_text="Time vs")).to_have_count(1)  # the Pareto plot
        finally:
            browser.close()
