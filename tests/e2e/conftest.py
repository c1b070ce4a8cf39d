"""Shared end-to-end fixtures: a Streamlit server on a free port and a headless Chromium driving it.

The browser is the system Chromium (``/usr/bin/chromium``; ``playwright install`` cannot download here).
A machine without it skips the browser tests, but under CI (``CI`` set) a missing browser is a failure.
Waits are generous and no timing is asserted: CI runs these on two cores.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
#: Longest wait for one script run, in milliseconds (a cold start compiles numba kernels).
WAIT_MS = 300_000
#: The first element a page's script has drawn in the main area.
_FIRST_ELEMENT = '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]'
_SCRIPT_IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_env() -> dict:
    """Extra environment of the app server (a test module overrides this fixture to add variables)."""
    return {}


@pytest.fixture
def app_url(tmp_path, app_env):
    """A ``streamlit run app.py`` server on a free port with its own registry, stopped after the test."""
    _require_chromium()
    port = _free_port()
    env = {**os.environ, "GRAPHLENS_HOME": str(tmp_path / "home"), **app_env}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    log_path = tmp_path / "streamlit.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not become healthy:\n{log_path.read_text()}")
                time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture
def chromium():
    """Headless system Chromium with the flags a container needs, closed after the test."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app_run(page, timeout: float = WAIT_MS) -> None:
    """Wait until the script run triggered by the last action has finished (as Streamlit's own e2e tests do)."""
    page.wait_for_timeout(300)
    page.wait_for_selector(_SCRIPT_IDLE, timeout=timeout)
    page.wait_for_function('document.querySelectorAll(\'[data-testid="stSkeleton"]\').length === 0', timeout=timeout)


def open_app_page(page, url: str, timeout: float = WAIT_MS):
    """Open ``url`` in ``page`` and wait for its first script run to finish and draw.

    Every later wait of ``page`` (a click, a locator, an ``expect``) also gets ``timeout``: Playwright's default
    of 30 s is shorter than one script run on a loaded two-core machine. Returns ``page``.
    """
    page.set_default_timeout(timeout)
    page.goto(url, timeout=timeout)
    page.wait_for_selector(_FIRST_ELEMENT, timeout=timeout)
    wait_for_app_run(page, timeout=timeout)
    return page


def assert_no_error_box(page) -> None:
    """Neither an exception box nor an error message is on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
