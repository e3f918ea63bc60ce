"""Where the CPU goes, per process, while the load runs (`make bench BENCH_ARGS=--profile`).

Why py-spy: it samples a running Python process from outside, without changing
it or slowing it much, and sees Rasa's, TensorFlow's and our frames alike.
The collapsed stacks are summed into a short table of the functions whose
subtree used the most samples.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

PY_SPY = Path(sys.executable).parent / "py-spy"
IDLE = ("concurrent/futures/thread.py", "threading.py", "selectors.py")
# Frames every stack has (event loops, servers, entry points): they say nothing.
PLUMBING = (
    *("asyncio/", "uvloop", "sanic/", "runpy.py", "threading.py", "aiohttp/web", "dask/"),
    *("rasa/__main__.py", "rasa/cli/", "rasa/api.py", "rasa/core/run.py", "rasa_sdk/__main__"),
    *("connection_task", "handle_request", "concurrent/futures/"),
)


def start(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    """Sample `pid` (and its children) for `seconds` into collapsed stacks at `out`."""
    return subprocess.Popen(
        [
            *(str(PY_SPY), "record", "--pid", str(pid), "--duration", str(int(seconds))),
            *("--rate", "50", "--format", "raw", "--output", str(out), "--nonblocking"),
            "--subprocesses",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summary(raw: Path, top: int = 25) -> list[tuple[str, float]]:
    """(function, share of busy samples) for the functions with the largest subtrees.

    Samples of idle worker threads waiting for work are left out.
    """
    inclusive: Counter[str] = Counter()
    busy = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if any(marker in frames[-1] for marker in IDLE):
            continue
        busy += int(count)
        for frame in dict.fromkeys(frames):  # each function once per stack
            inclusive[frame] += int(count)
    if not busy:
        return []
    return [
        (frame, n / busy)
        for frame, n in inclusive.most_common()
        if not frame.startswith(("process ", "<module>"))
        and not any(f"({prefix}" in frame for prefix in PLUMBING)
    ][:top]
