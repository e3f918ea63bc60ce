from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.translate.double import LibreTranslateDouble


@pytest.fixture
async def double() -> AsyncIterator[LibreTranslateDouble]:
    """The LibreTranslate double, running on a free port of 127.0.0.1."""
    running = LibreTranslateDouble()
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
