"""Start the processes under test, wait until they are ready, and watch their memory.

Why /proc rather than a library: resident memory per process tree is two
numbers in /proc/<pid>/status (VmRSS now, VmHWM the peak), CPU time two in
/proc/<pid>/stat, and reading them adds no dependency to the one pip resolve.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Children = dict[int, list[int]]


def process_tree() -> Children:
    """Every process's children, from one pass over /proc."""
    children: Children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def descendants(pid: int, children: Children) -> list[int]:
    """The process and everything it started (Rasa and TensorFlow may fork helpers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


@dataclass
class Service:
    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    peak_kib: int = 0

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("wb")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} is not running"
        return self.process.pid

    def rss_kib(self, children: Children) -> int:
        """Resident memory of the process and its children now; notes the peak."""
        if self.process is None or self.process.poll() is not None:
            return 0
        now = sum(_status_kib(pid, "VmRSS") for pid in descendants(self.process.pid, children))
        hwm = _status_kib(self.process.pid, "VmHWM")
        self.peak_kib = max(self.peak_kib, hwm, now)
        return now

    def cpu_seconds(self, children: Children) -> float:
        """CPU time used so far by the process and its children."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        return sum(_cpu_seconds(pid) for pid in descendants(self.process.pid, children))

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{tail}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@dataclass
class Group:
    """The processes of one system under test (ours: rasa, actions, bot)."""

    services: list[Service]
    total_peak_kib: int = 0
    cold_start_s: float = 0.0
    _watcher: asyncio.Task[None] | None = field(default=None, repr=False)

    async def start(self, ready: Callable[[], Awaitable[bool]], timeout: float = 300) -> float:
        """Start everything at once; seconds until `ready` says yes (cold start)."""
        began = time.monotonic()
        for service in self.services:
            service.start()
        self._watcher = asyncio.create_task(self._watch())
        while time.monotonic() - began < timeout:
            for service in self.services:
                service.check_alive()
            if await ready():
                self.cold_start_s = time.monotonic() - began
                return self.cold_start_s
            await asyncio.sleep(0.2)
        raise RuntimeError(f"not ready after {timeout:.0f} s")

    def _sample(self) -> None:
        children = process_tree()
        total = sum(service.rss_kib(children) for service in self.services)
        self.total_peak_kib = max(self.total_peak_kib, total)

    async def _watch(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(0.5)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        self._sample()
        for service in reversed(self.services):
            service.stop()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far, per service."""
        children = process_tree()
        return {s.name: s.cpu_seconds(children) for s in self.services}

    def peaks_mib(self) -> dict[str, float]:
        return {s.name: round(s.peak_kib / 1024, 1) for s in self.services}

    def total_peak_mib(self) -> float:
        return round(self.total_peak_kib / 1024, 1)
