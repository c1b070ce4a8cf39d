"""Write one benchmark's table into its own section of ``bench/RESULTS.md``.

Each bench script owns a section between ``<!-- name:start -->`` and
``<!-- name:end -->`` markers, so scripts can be rerun independently.
"""

from __future__ import annotations

import platform
import re
from datetime import date
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
_HEADER = "# GraphLens benchmark results\n\nEach section is written by the script it names; rerun that script to refresh it.\n"


def machine() -> str:
    """One line describing the machine the figures come from."""
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the section ``name`` of RESULTS.md with ``markdown``."""
    text = RESULTS.read_text() if RESULTS.exists() else _HEADER
    stamp = f"_Measured {date.today().isoformat()} on {machine()}._\n\n"
    block = f"<!-- {name}:start -->\n{stamp}{markdown.rstrip()}\n<!-- {name}:end -->"
    pattern = re.compile(rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
