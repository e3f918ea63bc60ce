"""Settings of the `bot/` service, from the environment (embedded defaults for `make run`)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    port: int = 8000
    host: str = "127.0.0.1"
    rasa_url: str = "http://localhost:5005"
    actions_url: str = "http://localhost:5055"
    max_message_chars: int = 2000
    max_body_bytes: int = 64 * 1024
    # Rasa's NLG requests carry the slots and the latest message (rasa_ext/nlg.py).
    max_nlg_body_bytes: int = 1024 * 1024
    rasa_timeout_seconds: float = 30.0
    # A new connection must send a whole request head within this time (bot/serve.py).
    header_timeout_seconds: float = 10.0
    # Other websites allowed to embed the chat (scheme://host[:port]); the own origin always is.
    allowed_origins: tuple[str, ...] = ()
    # Where people reach this service (scheme://host[:port], e.g. https://chat.example.de);
    # empty: `make run` on this machine (http://localhost|127.0.0.1|[::1] on the own port).
    # Never derived from the request's Host header, which the client chooses.
    public_origins: tuple[str, ...] = ()
    # Behind a TLS-terminating proxy: trust its X-Forwarded-Proto (staff cookies get `Secure`).
    trust_proxy: bool = False
    # Redis for live updates between bot/ processes (its own database number), e.g.
    # redis://127.0.0.1:6379/2; None: one process, updates by polling the database.
    redis_url: str | None = None
    # Chat API messages per minute, per conversation and per client address (0: no limit).
    rate_per_conversation: int = 30
    rate_per_address: int = 300  # shelters and offices share one address
    # How long conversations (and handoff transcripts) and past appointments are kept.
    retention_days: int = 90
    appointment_retention_days: int = 90

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            port=int(env.get("KOMM_MIT_PORT", cls.port)),
            host=env.get("KOMM_MIT_HOST", cls.host),
            rasa_url=env.get("RASA_URL", f"http://localhost:{env.get('RASA_PORT', '5005')}"),
            actions_url=env.get(
                "ACTIONS_URL", f"http://localhost:{env.get('ACTIONS_PORT', '5055')}"
            ),
            max_message_chars=int(env.get("KOMM_MIT_MAX_MESSAGE_CHARS", cls.max_message_chars)),
            max_body_bytes=int(env.get("KOMM_MIT_MAX_BODY_BYTES", cls.max_body_bytes)),
            rasa_timeout_seconds=float(env.get("KOMM_MIT_RASA_TIMEOUT", cls.rasa_timeout_seconds)),
            header_timeout_seconds=float(
                env.get("KOMM_MIT_HEADER_TIMEOUT", cls.header_timeout_seconds)
            ),
            allowed_origins=origin_list(env.get("KOMM_MIT_ALLOWED_ORIGINS", "")),
            public_origins=origin_list(env.get("KOMM_MIT_PUBLIC_ORIGIN", "")),
            trust_proxy=env.get("KOMM_MIT_TRUST_PROXY", "").strip().lower() in ("1", "true", "yes"),
            redis_url=env.get("KOMM_MIT_REDIS_URL", "").strip() or None,
            rate_per_conversation=int(
                env.get("KOMM_MIT_RATE_PER_CONVERSATION", cls.rate_per_conversation)
            ),
            rate_per_address=int(env.get("KOMM_MIT_RATE_PER_ADDRESS", cls.rate_per_address)),
            retention_days=int(env.get("KOMM_MIT_RETENTION_DAYS", cls.retention_days)),
            appointment_retention_days=int(
                env.get("KOMM_MIT_APPOINTMENT_RETENTION_DAYS", cls.appointment_retention_days)
            ),
        )


def origin_list(value: str) -> tuple[str, ...]:
    """`scheme://host[:port]` entries of a comma-separated setting, without trailing slashes."""
    return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
