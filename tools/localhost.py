"""Running the project's processes on this machine: free ports and `make run`'s commands.

Why one place: the stack tests, the benchmarks and the local production run all
start processes on loopback; they pick ports the same way, and the stack tests
and benchmarks start exactly what the Procfile (`make run`) starts.
"""

from __future__ import annotations

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def procfile(root: Path = ROOT) -> dict[str, list[str]]:
    """Each Procfile process as a command line (shell variables expanded from the environment)."""
    commands = {}
    for line in (root / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if command.strip() and not name.startswith("#"):
            commands[name.strip()] = ["bash", "-c", f"exec {command.strip()}"]
    return commands
