"""CPU time per process, as the benchmark reports it per answer."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.processes import Service, process_tree
from bench.run import cpu_per_answer


def test_a_busy_process_reports_its_cpu_time(tmp_path: Path) -> None:
    busy = (
        "import time\n"
        "end = time.process_time() + 0.5\n"
        "while time.process_time() < end: pass\n"
        "print('done', flush=True)\n"
        "time.sleep(30)"
    )
    service = Service("busy", [sys.executable, "-c", busy], tmp_path, {}, tmp_path / "busy.log")
    service.start()
    try:
        deadline = time.monotonic() + 20
        while "done" not in service.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert 0.4 <= service.cpu_seconds(process_tree()) < 5
    finally:
        service.stop()
    assert service.cpu_seconds(process_tree()) == 0.0  # gone: nothing to read


def test_cpu_per_answer_is_milliseconds_per_answer_per_process() -> None:
    before, after = {"rasa": 10.0, "bot": 2.0}, {"rasa": 13.0, "bot": 2.5}
    assert cpu_per_answer(before, after, answers=150) == {"rasa": 20.0, "bot": 3.33}
    assert cpu_per_answer(before, after, answers=0) == {}
