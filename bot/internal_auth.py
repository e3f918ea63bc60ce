"""The shared secret between `bot/` and Rasa for internal calls (appending tracker events).

Why: Rasa's own HTTP API would expose far more than we need. Our Rasa channel
offers exactly one internal route, and only a caller with this token may use it.
In production set `KOMM_MIT_INTERNAL_TOKEN` for every process; on one machine
(`make run`) both processes share a random token in the var directory.
"""

from __future__ import annotations

import hmac
import os
import secrets
from functools import cache

from bot.private_files import var_dir

HEADER = "X-Komm-Mit-Token"


@cache  # read once per process: every internal call needs it
def internal_token() -> str:
    configured = os.environ.get("KOMM_MIT_INTERNAL_TOKEN", "").strip()
    if configured:
        return configured
    path = var_dir() / "internal-token"
    try:  # O_EXCL: when two processes start together, exactly one writes the token
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    for _attempt in range(50):  # the other process may still be writing
        token = path.read_text().strip()
        if token:
            return token
    raise RuntimeError(f"{path} is empty")


def is_internal(presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(str(presented), internal_token())
