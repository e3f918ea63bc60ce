"""What our code sets up in the Rasa process, whichever input channel Rasa serves.

Why an explicit call instead of module imports doing it: a setting made when a
module happens to be imported vanishes silently when that module is not (with
Rasa's REST channel, our channel is never imported). Called by `SlimCallbackNLG`,
which endpoints.yml configures for every channel (without it the assistant has no
texts), and, earlier, by our channel's blueprint, so Rasa's start-up lines are
already logged in our format.
"""

from __future__ import annotations

import gc
import logging

from bot.logs import json_inside_rasa
from rasa_ext import patches

_prepared = False


def prepare_rasa_process() -> None:
    """JSON logs with conversation tags (bot/logs.py) and Rasa's hot path patched; once."""
    global _prepared
    if _prepared:
        return
    _prepared = True
    json_inside_rasa()
    patches.install()


def freeze_loaded_objects() -> None:
    """Once the model is loaded: exempt what is loaded from the garbage collector.

    Why: the loaded model and TensorFlow are millions of Python objects that live as
    long as the process. Each full collection walked all of them (about half a second
    on two cores, docs/performance.md), stopping every conversation in the meantime.
    Frozen objects are never collected, so the collector walks only what the
    conversations create.
    """
    gc.collect()
    gc.freeze()
    logging.getLogger(__name__).info("%d objects exempt from GC", gc.get_freeze_count())
