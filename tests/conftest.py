"""Shared fixtures: compiled catalogs, the contract, tracker fixtures."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.handoff.store import HandoffStore
from tests.fakes import Clock, FakeRasa, serving

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTRACT_PATHS = [ROOT.parent / "shared" / "nlu-contract.yml"]


def compile_catalogs() -> None:
    """Compile .po to .mo so tests never run on stale catalogs (`make catalogs` does the same)."""
    for po in LOCALES.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalog)


compile_catalogs()


@pytest.fixture(scope="session")
def contract() -> dict[str, Any]:
    for path in CONTRACT_PATHS:
        if path.exists():
            return dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    pytest.skip("shared/nlu-contract.yml is not next to the repository")


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")))


def load_tracker(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / "trackers" / f"{name}.json").read_text(encoding="utf-8")))


@pytest.fixture
def clock() -> Clock:
    """Friday 20 November 2026, 10:00 in Osnabrück; tests move it."""
    return Clock(datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def handoffs(tmp_path: Path, clock: Clock) -> Iterator[HandoffStore]:
    """A handoff store on a fresh migrated SQLite database, on the test's clock."""
    url = f"sqlite:///{tmp_path / 'handoff.db'}"
    upgrade(url)
    store = HandoffStore(make_engine(url), clock=clock)
    yield store
    store.engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def app_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Apps built in tests without a `database_url` use a migrated throwaway SQLite file,
    never the developer's var/komm-mit.db (subprocess stacks choose their own)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('app-db') / 'app.db'}"
    upgrade(url)
    previous = os.environ.get("KOMM_MIT_DATABASE_URL")
    os.environ["KOMM_MIT_DATABASE_URL"] = url
    yield url
    if previous is None:
        os.environ.pop("KOMM_MIT_DATABASE_URL", None)
    else:
        os.environ["KOMM_MIT_DATABASE_URL"] = previous


@pytest.fixture
def redis_server() -> Iterator[str]:
    """A throwaway Redis on loopback (Debian's redis-server; .ci/run installs it)."""
    import shutil
    import subprocess
    import time

    from tools.localhost import free_port

    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing; .ci/run installs Debian's redis-server")
        pytest.skip("no redis-server: apt-get install redis-server")
    port = free_port()
    # Redis keeps real time: under `make test-future` libfaketime would crash it (its
    # allocator recurses into clock_gettime), and the tests need no fake time in Redis.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/2"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
async def rasa() -> AsyncIterator[tuple[FakeRasa, str]]:
    """A stand-in Rasa on a free port (the kommmit channel's protocol); its URL."""
    fake = FakeRasa()
    async with serving(fake) as url:
        yield fake, url


@pytest.fixture
async def client(rasa: tuple[FakeRasa, str]) -> AsyncIterator[TestClient]:
    """The chat service against the stand-in Rasa (modules may bring their own `client`)."""
    from bot.settings import Settings
    from bot.web.app import create_app  # the whole app: only for the tests that use it

    _, url = rasa
    settings = Settings(rasa_url=url, actions_url=url, rasa_timeout_seconds=5)
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client
