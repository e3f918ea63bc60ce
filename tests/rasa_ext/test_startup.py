"""Our set-up of the Rasa process happens when Rasa loads endpoints.yml, not on import.

In a fresh interpreter, as `rasa run` with any channel: importing our modules changes
nothing in Rasa or in logging; loading the NLG that endpoints.yml configures
installs the patches and our logging, so they cannot vanish with another channel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import logging, os
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

rasas = (RemoteAction._validate_action_result, EndpointConfig.request, Event.resolve_by_type)
factory = logging.getLogRecordFactory()
import rasa_ext.channel, rasa_ext.nlg, rasa_ext.patches, rasa_ext.startup
import rasa_ext.tracker_cleanup, rasa_ext.tracker_store, rasa_ext.tokenizer
now = (RemoteAction._validate_action_result, EndpointConfig.request, Event.resolve_by_type)
assert now == rasas, "an import patched Rasa"
assert logging.getLogRecordFactory() is factory, "an import configured logging"

from rasa.core.nlg.generator import NaturalLanguageGenerator
NaturalLanguageGenerator.create(read_endpoint_config("endpoints.yml", "nlg"), None)
now = (RemoteAction._validate_action_result, EndpointConfig.request, Event.resolve_by_type)
assert all(a is not b for a, b in zip(now, rasas)), now
assert getattr(logging.getLogRecordFactory(), "komm_mit_redacting", False)
print("ok")
"""


def test_loading_endpoints_yml_prepares_rasa_and_importing_does_not(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KOMM_MIT_PORT": "1",
        "ACTIONS_PORT": "2",
        "KOMM_MIT_INTERNAL_TOKEN": "t",
        "KOMM_MIT_VAR": str(tmp_path),
        "KOMM_MIT_LOG_FORMAT": "text",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


FREEZE = """
import gc
from rasa_ext.channel import KommMitInput
from rasa_ext.startup import freeze_loaded_objects

blueprint = KommMitInput().blueprint(lambda message: None)
[listener] = [f.listener for f in blueprint._future_listeners if f.event == "after_server_start"]
model = [object() for _ in range(1000)]  # what Rasa loaded before the server started
assert gc.get_freeze_count() == 0
import asyncio
asyncio.run(listener(None, None))
assert gc.get_freeze_count() >= len(model)
print("ok")
"""


def test_what_is_loaded_at_start_is_exempt_from_garbage_collection() -> None:
    """Full collections walked the whole model (half a second each) while people waited."""
    done = subprocess.run(
        [sys.executable, "-c", FREEZE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().endswith("ok"), done.stderr[-2000:]
