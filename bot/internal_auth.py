"""The shared secret of the internal calls between `bot/`, Rasa and the action server.

Why: Rasa's channel, Rasa's NLG endpoint (served by `bot/`) and the action server
act on any conversation they are told about; only our own processes may call
them. Every internal call carries this token (`X-Komm-Mit-Token`); Rasa sends it
to the action server and the NLG endpoint from `endpoints.yml` (`headers:`).
In production set `KOMM_MIT_INTERNAL_TOKEN` for every process; on one machine
(`make run`) the processes share a random token in the var directory, and
`python -m bot.internal_auth COMMAND …` starts COMMAND with it in the environment
(Rasa expands `${KOMM_MIT_INTERNAL_TOKEN}` in endpoints.yml only from there).
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
from functools import cache

from bot.private_files import var_dir
from bot.settings import Settings, settings_or_exit

HEADER = "X-Komm-Mit-Token"
ENV = "KOMM_MIT_INTERNAL_TOKEN"  # set for the started command (bot/settings.py reads it)


@cache  # read once per process: every internal call needs it
def internal_token() -> str:
    configured = Settings.from_env().internal_token
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
    """Constant-time check; any header value (also non-ASCII) is only ever a no."""
    if not presented:
        return False
    given = presented.encode("utf-8", "surrogateescape")
    return hmac.compare_digest(given, internal_token().encode())


def derived_key(purpose: str) -> bytes:
    """A key of its own for `purpose`, so the token itself never signs public data."""
    return hmac.new(internal_token().encode(), purpose.encode(), "sha256").digest()


def main(argv: list[str]) -> None:
    """`python -m bot.internal_auth COMMAND …`: exec COMMAND with the token in its environment."""
    if not argv:
        raise SystemExit("usage: python -m bot.internal_auth COMMAND [ARG …]")
    settings_or_exit("python -m bot.internal_auth")
    os.environ[ENV] = internal_token()
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
