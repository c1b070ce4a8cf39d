"""Entry point of ``python -m engine``."""

import gc
import sys

from engine.cli import main

status = main()
# Everything still alive is freed with the process: freezing it spares the interpreter's last garbage
# collection a walk over numba's and scipy's objects (0.3-0.8 s of a `summarize` run's exit; atexit handlers
# still run; bench/startup.py, "CLI start-up").
gc.freeze()
sys.exit(status)
