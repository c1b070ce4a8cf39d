"""Start-up cost of the CLI on a small graph: ``stats`` and ``summarize`` on karate (issue 10).

Run (wall-clock figures: on an idle machine)::

    /work/bin/quiet .venv/bin/python bench/startup.py [--repeats 5] [--before DIR]

Each command runs ``--repeats`` times in a fresh process after one unmeasured warm-up run (which
also fills numba's cache and the file cache); the table gives the median wall time, the median
CPU time (user + system) and the median peak RSS of the whole process (``os.wait4``'s rusage),
against the issue's goal (0.8 s, 150 MB) and the authors' Java programs (0.3 s, 56 MB, measured
for the issue). ``karate_club`` is the shipped dataset (node-link JSON with a node attribute, so
reading it and fingerprinting it need pandas); ``karate.txt`` is the same graph as an edge-list
file, the CLI's usual input. ``--before DIR`` measures a second copy of the code (e.g. an
exported older commit) for a before/after column.

A second table says which heavy packages each command leaves imported, and a third splits
numba's share of ``summarize``: importing numba, and loading SSumM's cached compiled kernels
(the first call on karate minus the second).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402

GOAL_SECONDS, GOAL_MB = 0.8, 150
JAVA_SECONDS, JAVA_MB = 0.3, 56
HEAVY = ("pandas", "pyarrow", "igraph", "numba", "scipy.linalg", "networkx", "sklearn", "torch", "torch_geometric")

_MODULES = """
import json, runpy, sys, io, contextlib
sys.argv = ["engine"] + sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        runpy.run_module("engine", run_name="__main__")
    except SystemExit as exit:
        assert not exit.code, exit.code
print(json.dumps([name for name in HEAVY if name in sys.modules]))
"""

_NUMBA = """
import json, time
start = time.perf_counter()
import numba
numba_s = time.perf_counter() - start
from engine.datasets import load_dataset
from engine.summarization import ssumm
graph = load_dataset("karate_club")
start = time.perf_counter()
ssumm(graph, ratio=0.5, seed=1)
first = time.perf_counter() - start
start = time.perf_counter()
ssumm(graph, ratio=0.5, seed=1)
second = time.perf_counter() - start
print(json.dumps({"numba_s": numba_s, "first_s": first, "second_s": second}))
"""


def commands(edge_list: Path) -> list[tuple[str, list[str]]]:
    """The measured commands: (label, arguments after ``python -m engine``)."""
    return [
        ("stats karate_club", ["stats", "karate_club", "--json"]),
        ("summarize karate_club --method ssumm", ["summarize", "karate_club", "--method", "ssumm", "--json"]),
        ("stats karate.txt", ["stats", str(edge_list), "--json"]),
        ("summarize karate.txt --method ssumm", ["summarize", str(edge_list), "--method", "ssumm", "--json"]),
    ]


def run_once(code: Path, arguments: list[str], env: dict) -> tuple[float, float, float]:
    """Wall s, CPU s and peak MB of one ``python -m engine ...`` process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "engine", *arguments], cwd=code, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{arguments} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(code: Path, arguments: list[str], env: dict, repeats: int) -> dict:
    run_once(code, arguments, env)  # warm-up: numba's cache, the file cache
    runs = [run_once(code, arguments, env) for _ in range(repeats)]
    return {key: statistics.median(run[i] for run in runs) for i, key in enumerate(("wall_s", "cpu_s", "peak_mb"))}


def heavy_modules(code: Path, arguments: list[str], env: dict) -> list[str]:
    script = f"HEAVY = {HEAVY!r}\n" + _MODULES
    result = subprocess.run([sys.executable, "-c", script, *arguments], cwd=code, env=env, capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def numba_split(code: Path, env: dict, repeats: int) -> dict:
    rows = []
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", _NUMBA], cwd=code, env=env, capture_output=True, text=True,
                                check=True)
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def _environment(code: Path, home: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(code), "GRAPHLENS_HOME": str(home)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--before", metavar="DIR", help="a second copy of the code, measured for comparison")
    parser.add_argument("--before-label", default="before", help="what --before is (e.g. a commit)")
    args = parser.parse_args()
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        from engine.datasets import load_dataset

        edge_list = Path(tmp) / "karate.txt"
        source, target, _ = load_dataset("karate_club").edges()
        edge_list.write_text("".join(f"{u}\t{v}\n" for u, v in zip(source.tolist(), target.tolist())))
        env = _environment(ROOT, Path(tmp) / "home")
        rows = [(label, measure(ROOT, arguments, env, args.repeats), heavy_modules(ROOT, arguments, env))
                for label, arguments in commands(edge_list)]
        before = {}
        if args.before:
            before_env = _environment(Path(args.before), Path(tmp) / "home-before")
            before = {label: measure(Path(args.before), arguments, before_env, args.repeats)
                      for label, arguments in commands(edge_list)}
        split = numba_split(ROOT, env, args.repeats)
    load_end = os.getloadavg()
    code = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    lines = [
        "## CLI start-up on a small graph (`bench/startup.py`, issue 10)",
        "",
        f"Command: `/work/bin/quiet .venv/bin/python bench/startup.py --repeats {args.repeats}"
        + (f" --before {args.before}" if args.before else "") + "`"
        + f" ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, code {code}, load average "
        f"{load_start[0]:.2f} / {load_end[0]:.2f} at start / end). Each command: one warm-up run, then the median "
        f"of {args.repeats} fresh processes; wall s, CPU s (user + system) and peak RSS of the whole process. "
        f"Goal <= {GOAL_SECONDS} s and <= {GOAL_MB} MB; the Java programs {JAVA_SECONDS} s / {JAVA_MB} MB. "
        "`karate_club`: the shipped node-link JSON (a node attribute: pandas reads and fingerprints it); "
        "`karate.txt`: the same graph as an edge-list file.",
        "",
        "| `python -m engine ...` | wall s | CPU s | peak MB | vs goal (time / memory) | vs Java (time / memory) "
        + (f"| {args.before_label}: wall s / CPU s / MB " if before else "") + "| heavy packages imported |",
        "|---|---|---|---|---|---|" + ("---|" if before else "") + "---|",
    ]
    for label, figures, modules in rows:
        earlier = before.get(label)
        lines.append(
            f"| `{label}` | {figures['wall_s']:.2f} | {figures['cpu_s']:.2f} | {figures['peak_mb']:.0f} | "
            f"{figures['wall_s'] / GOAL_SECONDS:.2f}x / {figures['peak_mb'] / GOAL_MB:.2f}x | "
            f"{figures['wall_s'] / JAVA_SECONDS:.1f}x / {figures['peak_mb'] / JAVA_MB:.1f}x | "
            + (f"{earlier['wall_s']:.2f} / {earlier['cpu_s']:.2f} / {earlier['peak_mb']:.0f} | " if earlier else "")
            + f"{', '.join(modules) or 'none of them'} |"
        )
    lines += [
        "",
        f"numba's share of `summarize` (median of {args.repeats} processes): `import numba` "
        f"{split['numba_s']:.2f} s; SSumM's first call on karate {split['first_s']:.3f} s, the second "
        f"{split['second_s']:.3f} s, so loading the cached compiled kernels costs about "
        f"{split['first_s'] - split['second_s']:.2f} s.",
    ]
    write_section("startup", "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
