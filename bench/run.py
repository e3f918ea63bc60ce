"""`make bench`: train time, cold start, load at 1/10/50 users, memory, NLU quality.

Our assistant (the three processes of `make run`, SQLite, fresh data directory)
and the plain `rasa init` starter bot (same Python, same machine) are measured
in the same run, one after the other, so the ratios hold on a noisy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench import load, profile, report
from bench.processes import Group, Service
from bench.scripts import LANGUAGES, ROOT, load_phrases, newcomer, starter_user
from tools.localhost import free_port, procfile

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "komm-mit.tar.gz"
PROFILE_AT = 10  # users: the level of the latency target
QUIET = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
}


def time_training(work: Path) -> float:
    """What `make train` runs, from scratch: empty Rasa cache, forced, into a scratch folder."""
    env = {**os.environ, **QUIET, "RASA_CACHE_DIRECTORY": str(work / "cache")}
    began = time.monotonic()
    done = subprocess.run(
        [
            *(str(BIN / "rasa"), "train", "--data", "nlu", "stories", "--force", "--quiet"),
            "--skip-validation",
            *("--fixed-model-name", "bench", "--out", str(work / "models")),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if done.returncode != 0:
        raise RuntimeError(f"training failed:\n{done.stderr.decode(errors='replace')[-3000:]}")
    return time.monotonic() - began


def starter_project(where: Path) -> tuple[Path, float | None]:
    """The standard starter bot, created and trained by `rasa init` once and kept."""
    models = list((where / "models").glob("*.tar.gz")) if where.exists() else []
    if models:
        return max(models, key=lambda p: p.stat().st_mtime), None
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    began = time.monotonic()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(where)],
        env={**os.environ, **QUIET},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - began
    return next((where / "models").glob("*.tar.gz")), seconds


def ours(work: Path) -> tuple[Group, str]:
    """The processes of `make run` (its Procfile) on free ports and a fresh SQLite directory."""
    ports = {"bot": free_port(), "rasa": free_port(), "actions": free_port()}
    env = {
        **os.environ,
        **QUIET,
        "KOMM_MIT_PORT": str(ports["bot"]),
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "KOMM_MIT_VAR": str(work),
        "VENV": str(BIN.parent),
        # Each simulated user sends its own address as our proxy would (bench/load.py).
        "KOMM_MIT_TRUST_PROXY": "1",
        # The limits protect against floods; a closed-loop load is one on purpose.
        "KOMM_MIT_RATE_PER_ADDRESS": "0",
        "KOMM_MIT_RATE_PER_CONVERSATION": "0",
    }
    env.pop("KOMM_MIT_DATABASE_URL", None)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True)
    services = [
        Service(name, command, ROOT, env, work / f"{name}.log")
        for name, command in procfile().items()
    ]
    return Group(services), f"http://127.0.0.1:{ports['bot']}"


def starter(project: Path, model: Path, work: Path) -> tuple[Group, str]:
    port = free_port()
    env = {**os.environ, **QUIET}
    command = [
        *(str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port)),
        *("--credentials", "credentials.yml", "--endpoints", "endpoints.yml"),
    ]
    return Group([Service("rasa", command, project, env, work / "starter.log")]), (
        f"http://127.0.0.1:{port}"
    )


async def ok(url: str) -> bool:
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                return resp.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def measure(
    group: Group,
    ready_url: str,
    send: load.Send,
    user: load.User,
    levels: list[int],
    seconds: float,
    warmup: float,
    profile_to: Path | None = None,
) -> dict[str, Any]:
    phrases = load_phrases()
    profiles: dict[str, list[tuple[str, float]]] = {}
    try:
        cold = await group.start(lambda: ok(ready_url))
        print(f"  ready after {cold:.1f} s", flush=True)
        results = []
        for users in levels:
            cpu_before, began = group.cpu_seconds(), time.monotonic()
            result = await load.run_load(send, user, phrases, users, seconds, warmup)
            summary = result.summary()
            answers = summary["throughput_rps"] * (time.monotonic() - began)
            summary["cpu_ms_per_answer"] = cpu_per_answer(cpu_before, group.cpu_seconds(), answers)
            results.append(summary)
            print(
                f"  {users:>3} users: {summary['requests']} requests, {summary['errors']} errors, "
                f"{summary['throughput_rps']} req/s, p50 {summary['p50_ms']} ms, "
                f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
                f"conversations {summary['conversations']}: {summary['outcomes']}",
                flush=True,
            )
            cpu = ", ".join(f"{name} {ms}" for name, ms in summary["cpu_ms_per_answer"].items())
            print(f"       CPU ms per answer: {cpu}", flush=True)
            await asyncio.sleep(2)
        if profile_to is not None:
            # A pass of its own, so that sampling does not disturb the measured numbers.
            print(f"  profiling at {PROFILE_AT} users …", flush=True)
            samplers = {
                service.name: profile.start(
                    service.pid, seconds, profile_to / f"profile-{service.name}.raw"
                )
                for service in group.services
            }
            await load.run_load(send, user, phrases, PROFILE_AT, seconds, warmup)
            for name, sampler in samplers.items():
                sampler.wait()
                profiles[name] = profile.summary(profile_to / f"profile-{name}.raw")
    finally:
        group.stop()
    return {
        "cold_start_s": round(group.cold_start_s, 1),
        "rss_peak_mib": group.peaks_mib(),
        "rss_total_peak_mib": group.total_peak_mib(),
        "loads": results,
        **({"profile": profiles} if profiles else {}),
    }


def cpu_per_answer(
    before: dict[str, float], after: dict[str, float], answers: float
) -> dict[str, float]:
    """CPU milliseconds each process spent per answer during a level (warm-up included,
    at the measured rate): steadier than latency on a shared machine, and it says which
    process limits the throughput."""
    if answers <= 0:
        return {}
    return {
        name: round(1000 * (after[name] - before.get(name, 0.0)) / answers, 2) for name in after
    }


def nlu_quality(work: Path) -> list[dict[str, Any]]:
    out = work / "nlu.json"
    subprocess.run(
        [
            *(sys.executable, "tools/eval_nlu.py", "--model", str(MODEL), "--json", str(out)),
            *(f"tests/nlu/{lang}.yml" for lang in LANGUAGES),
        ],
        cwd=ROOT,
        env={**os.environ, **QUIET},
        check=False,  # the table is reported either way; `make eval` enforces the floor
        stdout=subprocess.DEVNULL,
    )
    return list(json.loads(out.read_text()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="1,10,50", help="concurrent users, comma-separated")
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds per level")
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured seconds per level")
    parser.add_argument("--skip-train", action="store_true", help="do not time a full training")
    parser.add_argument("--skip-starter", action="store_true", help="do not measure rasa init")
    parser.add_argument(
        "--profile", action="store_true", help=f"py-spy every process at {PROFILE_AT} users"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "command": "make bench"
        + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else ""),
        "machine": report.machine(),
        "started": time.strftime("%Y-%m-%d %H:%M %Z"),
    }
    if not args.skip_train:
        print("Timing a full training (what `make train` runs) …", flush=True)
        with tempfile.TemporaryDirectory(dir=args.work) as scratch:
            results["train_s"] = round(time_training(Path(scratch)), 1)
        print(f"  {results['train_s']} s", flush=True)

    print("Our assistant (rasa + actions + bot, SQLite):", flush=True)
    stack_dir = args.work / "stack"
    shutil.rmtree(stack_dir, ignore_errors=True)
    group, url = ours(stack_dir)
    results["ours"] = asyncio.run(
        measure(
            group,
            f"{url}/readyz",
            load.chat_api(url),
            newcomer,
            levels,
            args.seconds,
            args.warmup,
            profile_to=args.work if args.profile else None,
        )
    )

    if not args.skip_starter:
        print("The `rasa init` starter bot (REST channel):", flush=True)
        project = args.work / "starter"
        model, init_s = starter_project(project)
        if init_s is not None:
            results["starter_init_s"] = round(init_s, 1)
        group, url = starter(project, model, args.work)
        results["starter"] = asyncio.run(
            measure(
                group,
                f"{url}/webhooks/rest/",
                load.rasa_rest(url),
                starter_user,
                levels,
                args.seconds,
                args.warmup,
            )
        )

    print("NLU quality per language …", flush=True)
    results["nlu"] = nlu_quality(args.work)
    (args.work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report.write(results, args.out)
    print(f"Wrote {args.out} and {args.out.with_suffix('.png')}", flush=True)
    print(report.verdict_text(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
