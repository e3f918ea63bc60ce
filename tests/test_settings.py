"""Settings from the environment: defaults for `make run`, one clear line for a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import LogSettings, Settings, SettingsError, TelegramSettings

ROOT = Path(__file__).resolve().parent.parent


def test_nothing_set_gives_the_defaults_of_make_run() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (settings.rasa_url, settings.actions_url) == (
        "http://localhost:5005",
        "http://localhost:5055",
    )
    assert (settings.actions_host, settings.actions_port) == ("127.0.0.1", 5055)
    assert settings.var_dir == Path("var")
    assert settings.database_url is settings.redis_url is settings.internal_token is None
    assert settings.log == LogSettings("text", "INFO")
    assert settings.telegram is None
    assert not settings.trust_proxy


def test_values_are_read_and_tidied() -> None:
    settings = Settings.from_env(
        {
            "KOMM_MIT_PORT": " 8080 ",
            "RASA_PORT": "5006",
            "ACTIONS_PORT": "5056",
            "KOMM_MIT_RASA_TIMEOUT": "2.5",
            "KOMM_MIT_PUBLIC_ORIGIN": "https://chat.example.org/, http://localhost:8080",
            "KOMM_MIT_TRUST_PROXY": "Yes",
            "KOMM_MIT_REDIS_URL": "redis://127.0.0.1:6379/2",
            "KOMM_MIT_RATE_PER_ADDRESS": "0",
            "KOMM_MIT_VAR": "/srv/komm-mit",
            "KOMM_MIT_LOG_FORMAT": "JSON",
            "KOMM_MIT_LOG_LEVEL": "debug",
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
        }
    )
    assert settings.port == 8080
    assert (settings.rasa_url, settings.actions_url) == (
        "http://localhost:5006",
        "http://localhost:5056",
    )
    assert settings.actions_port == 5056
    assert settings.rasa_timeout_seconds == 2.5
    assert settings.public_origins == ("https://chat.example.org", "http://localhost:8080")
    assert settings.trust_proxy
    assert settings.redis_url == "redis://127.0.0.1:6379/2"
    assert settings.rate_per_address == 0
    assert settings.var_dir == Path("/srv/komm-mit")
    assert settings.log == LogSettings("json", "DEBUG")
    assert settings.telegram == TelegramSettings("123:abc", "http://127.0.0.1:8081")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("KOMM_MIT_PORT", "abc", "KOMM_MIT_PORT must be a whole number from 1 to 65535, got 'abc'"),
        ("KOMM_MIT_PORT", "70000", "KOMM_MIT_PORT must be a whole number from 1 to 65535"),
        ("ACTIONS_PORT", "5055.0", "ACTIONS_PORT must be a whole number"),
        ("KOMM_MIT_RATE_PER_ADDRESS", "-1", "must be a whole number of at least 0, got '-1'"),
        ("KOMM_MIT_RETENTION_DAYS", "ninety", "must be a whole number of at least 1"),
        ("KOMM_MIT_RASA_TIMEOUT", "soon", "must be a number of seconds above 0, got 'soon'"),
        ("KOMM_MIT_HEADER_TIMEOUT", "0", "KOMM_MIT_HEADER_TIMEOUT must be a number of seconds"),
        ("KOMM_MIT_TRUST_PROXY", "on", "must be one of 1, true, yes, 0, false, no, got 'on'"),
        ("KOMM_MIT_LOG_FORMAT", "xml", "KOMM_MIT_LOG_FORMAT must be one of text, json"),
        ("KOMM_MIT_LOG_LEVEL", "loud", "KOMM_MIT_LOG_LEVEL must be one of DEBUG, INFO"),
        ("RASA_URL", "rasa:5005", "RASA_URL must be a URL starting with http://… or https://…"),
        ("KOMM_MIT_REDIS_URL", "localhost:6379", "must be a URL starting with redis://…"),
        ("KOMM_MIT_PUBLIC_ORIGIN", "https://x.org/chat", "origins like https://chat.example.org"),
        ("KOMM_MIT_ALLOWED_ORIGINS", "www.example.org", "got 'www.example.org'"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_what_would_do(
    name: str, value: str, expected: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert expected in str(raised.value)
    assert name in str(raised.value)


def test_telegram_settings_need_a_secret_for_a_webhook() -> None:
    token = {"TELEGRAM_BOT_TOKEN": "123:abc"}
    webhook = {**token, "TELEGRAM_WEBHOOK_URL": "https://chat.example.org/telegram/webhook"}
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env(webhook)
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET must be 1-256 of"):
        Settings.from_env({**webhook, "TELEGRAM_WEBHOOK_SECRET": "with spaces"})
    telegram = Settings.from_env({**webhook, "TELEGRAM_WEBHOOK_SECRET": "s3cret-Token_1"}).telegram
    assert telegram is not None and telegram.webhook_secret == "s3cret-Token_1"
    assert Settings.from_env({"TELEGRAM_WEBHOOK_URL": "ignored without a token"}).telegram is None


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "bot", "serve"],
        [sys.executable, "-m", "bot.action_server"],
    ],
)
def test_a_command_with_a_bad_value_says_so_in_one_line_and_exits_2(command: list[str]) -> None:
    env = {**os.environ, "KOMM_MIT_PORT": "abc"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    # (before it, rasa_sdk's imports may print a deprecation warning of a library)
    assert done.stderr.strip().splitlines()[-1] == (
        f"python -m {command[2]}: KOMM_MIT_PORT must be a whole number from 1 to 65535, got 'abc'"
    )
    assert "Traceback" not in done.stdout + done.stderr
