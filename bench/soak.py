"""Soak test: N concurrent headless-Chromium sessions through every page against one local server.

Starts ``streamlit run app.py`` on a free port of 127.0.0.1 (its own GRAPHLENS_HOME), then runs
``--sessions`` browser contexts that visit every page in turn for ``--minutes``. Each visit is
timed from navigation until the script has finished (Streamlit's own wait: the app is connected,
the script is not running, no skeleton left). Reports page visits, exceptions shown on a page
(``stException``; goal 0), p50/p95 page time, and the server's resident memory (the server
process and its children) sampled every 5 s, and appends the table to bench/RESULTS.md.

Usage::

    /work/bin/quiet .venv/bin/python bench/soak.py --sessions 20 --minutes 10

``--shots DIR`` keeps a screenshot of each page that showed an exception, and the server's log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._results import write_section  # noqa: E402
#: url path of every page (st.navigation derives it from the file name), in menu order
#: Longest wait for one page (s), and how long a visit may run past the soak's end (s).
PAGE_TIMEOUT = 180.0
GRACE = 30.0
PAGES = ["explore", "hypergraphs", "summarize", "scene_graphs", "embeddings", "compare", "experiments"]
_DONE = ("""() => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0; }""")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def _start_server(port: int, home: str, log: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ, GRAPHLENS_HOME=home)
    # error details on: an exception box then shows its type and message, which the soak reports
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", "--client.showErrorDetails", "full"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(log, "w") if log is not None else subprocess.DEVNULL,  # noqa: SIM115 - lives as long as the server
    )
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


async def _session(browser, base: str, deadline: float, index: int, visits: list, failures: list, errors: list,
                   cut: list, shots: Path | None) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    step = index  # sessions start on different pages
    try:
        while time.monotonic() < deadline:
            name = PAGES[step % len(PAGES)]
            step += 1
            start = time.monotonic()
            # a visit may run GRACE seconds past the deadline, no more (the soak must end on time)
            limit_ms = 1000 * min(PAGE_TIMEOUT, max(5.0, deadline + GRACE - start))
            try:
                await page.goto(f"{base}/{name}", wait_until="domcontentloaded", timeout=limit_ms)
                await page.wait_for_timeout(200)
                await page.wait_for_function(_DONE, timeout=limit_ms, polling=100)
            except Exception as exc:  # noqa: BLE001 - a timeout is a failure to report, not a crash
                if time.monotonic() >= deadline:
                    cut.append(name)  # still loading when the soak ended: neither a visit nor a failure
                    break
                failures.append((name, f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"))
                continue
            seconds = time.monotonic() - start
            boxes = page.locator('[data-testid="stException"]')
            exceptions = await boxes.count()
            if exceptions:
                texts = [" ".join(t.split())[:300] for t in await boxes.all_inner_texts()]
                errors.append((name, texts))
                if shots is not None:
                    await page.screenshot(path=str(shots / f"exception-{len(errors)}-{name}.png"), full_page=True)
            visits.append((name, seconds, exceptions))
    finally:
        await context.close()


async def _soak(base: str, sessions: int, minutes: float, shots: Path | None) -> tuple[list, list, list, list]:
    from playwright.async_api import async_playwright

    visits: list = []
    failures: list = []
    errors: list = []
    cut: list = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        deadline = time.monotonic() + 60 * minutes
        await asyncio.gather(*(_session(browser, base, deadline, i, visits, failures, errors, cut, shots)
                               for i in range(sessions)))
        await browser.close()
    return visits, failures, errors, cut


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--shots", type=Path, help="folder for a screenshot of each page showing an exception, "
                        "and the server's stderr (server.log)")
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        if args.shots is not None:
            args.shots.mkdir(parents=True, exist_ok=True)
        server = _start_server(port, home, args.shots / "server.log" if args.shots is not None else None)
        samples: list[tuple[float, int]] = []
        stop = threading.Event()
        began = time.monotonic()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.monotonic() - began, _rss(server.pid)))
                stop.wait(5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load_before = os.getloadavg()
        try:
            visits, failures, errors, cut = asyncio.run(_soak(f"http://127.0.0.1:{port}", args.sessions, args.minutes,
                                                         args.shots))
        finally:
            stop.set()
            sampler.join()
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a busy server: stop it for good
                server.kill()
                server.wait()
    load_after = os.getloadavg()
    times = [seconds for _, seconds, _ in visits]
    exceptions = sum(count for _, _, count in visits)
    rss = [value for _, value in samples]
    quarter = max(1, len(rss) // 4)
    rows = [
        "| sessions | minutes | page visits | failed visits | exceptions shown | p50 page s | p95 page s | "
        "RSS first quarter max MB | RSS last quarter max MB | RSS max MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {args.sessions} | {args.minutes:g} | {len(visits)} | {len(failures)} | {exceptions} | "
        f"{_percentile(times, 0.5):.2f} | {_percentile(times, 0.95):.2f} | {max(rss[:quarter]) / 2**20:.0f} | "
        f"{max(rss[-quarter:]) / 2**20:.0f} | {max(rss) / 2**20:.0f} |",
    ]
    per_page = ["", "| page | visits | p50 s | p95 s | exceptions |", "|---|---|---|---|---|"]
    for name in PAGES:
        page_times = [s for n, s, _ in visits if n == name]
        per_page.append(f"| {name} | {len(page_times)} | {_percentile(page_times, 0.5):.2f} | "
                        f"{_percentile(page_times, 0.95):.2f} | {sum(c for n, _, c in visits if n == name)} |")
    rss_line = "RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {v / 2**20:.0f}" for t, v in samples[::max(1, len(samples) // 12)])
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join([
        f"## Soak (issue 12): {args.sessions} browser sessions × {args.minutes:g} min, {stamp}", "",
        f"Command: `/work/bin/quiet .venv/bin/python bench/soak.py --sessions {args.sessions} --minutes "
        f"{args.minutes:g}`. Load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f} (a shared "
        "2-core machine: the server and 20 headless Chromium sessions share its 2 cores). Every session visits every "
        "page in turn (page load and first script run; no method is run); a page time is navigation → script "
        f"finished. Visits still loading when the soak ended: {len(cut)} (not counted).", "",
        *rows, *per_page, "", rss_line, "",
        *(["Failed visits: " + "; ".join(f"{n}: {e}" for n, e in failures[:5]), ""] if failures else []),
        *(["Exceptions shown: " + "; ".join(f"{n}: {' | '.join(t)}" for n, t in errors[:5]), ""] if errors else []),
    ])
    print(text)
    if not args.no_write:
        write_section("soak", text)

if __name__ == "__main__":
    main()
