"""The LibreTranslate adapter against the API double: what it sends, what staff get back
(a translation, or one of a few reasons, never the engine's raw error), and that it never
waits longer than the timeout."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from bot.settings import Settings, SettingsError, TranslateSettings
from bot.translate import NoTranslator, Translation, TranslationUnavailable
from bot.translate.libretranslate import LibreTranslate, open_translator
from tests.translate.double import LibreTranslateDouble

SECRET_TEXT = "Mein Name ist Amal Haddad, Aktenzeichen 123"


@asynccontextmanager
async def adapter(url: str, **settings: object) -> AsyncIterator[LibreTranslate]:
    async with aiohttp.ClientSession() as session:
        yield LibreTranslate(TranslateSettings(url=url, **settings), session)  # type: ignore[arg-type]


async def unavailable(translator: LibreTranslate, text: str = "Hallo", **kw: str | None) -> str:
    with pytest.raises(TranslationUnavailable) as raised:
        await translator.translate(
            text, source=kw.get("source", "de"), target=kw.get("target") or "ar"
        )
    return raised.value.reason


async def test_a_reply_is_translated_with_the_request_libretranslate_expects(
    double: LibreTranslateDouble,
) -> None:
    async with adapter(double.url) as translator:
        found = await translator.translate(
            "Guten Tag, ich helfe Ihnen gern.", source="de", target="ar"
        )
    assert found == Translation("مرحبًا، يسعدني مساعدتك.", "de", "ar")
    assert double.translated() == [
        {
            "path": "/translate",
            "q": "Guten Tag, ich helfe Ihnen gern.",
            "source": "de",
            "target": "ar",
            "format": "text",  # never html: what staff type is not markup
        }
    ]


async def test_the_api_key_is_sent_only_when_set(double: LibreTranslateDouble) -> None:
    double.api_key = "k-123"
    async with adapter(double.url, api_key="k-123") as translator:
        assert (await translator.translate("Hallo", source="de", target="uk")).text == "[uk] Hallo"
    assert double.translated()[-1]["api_key"] == "k-123"
    double.api_key = None
    async with adapter(double.url) as translator:
        await translator.translate("Hallo", source="de", target="uk")
    assert "api_key" not in double.translated()[-1]


async def test_a_wrong_key_means_unavailable_and_the_key_is_never_logged(
    double: LibreTranslateDouble, caplog: pytest.LogCaptureFixture
) -> None:
    double.api_key = "right"
    caplog.set_level(logging.DEBUG)
    async with adapter(double.url, api_key="wrong-secret") as translator:
        assert await unavailable(translator, SECRET_TEXT) == "down"
    assert "wrong-secret" not in caplog.text and "Amal" not in caplog.text
    assert "403" in caplog.text


async def test_all_seven_languages_map_to_the_engine_codes_both_ways(
    double: LibreTranslateDouble,
) -> None:
    async with adapter(double.url) as translator:
        for lang in ("en", "ar", "fa", "uk", "ru", "tr"):
            assert (await translator.translate("Hallo", source="de", target=lang)).target == lang
            back = await translator.translate("x", source=lang, target="de")
            assert back == Translation("[de] x", lang, "de")
    sent = {(r["source"], r["target"]) for r in double.translated()}
    assert ("de", "fa") in sent and ("uk", "de") in sent


async def test_the_engine_detects_the_language_when_none_is_given(
    double: LibreTranslateDouble,
) -> None:
    async with adapter(double.url) as translator:
        found = await translator.translate("أحتاج موعدًا لتمديد إقامتي", source=None, target="de")
    assert found == Translation("Ich brauche einen Termin für meine Verlängerung", "ar", "de")
    assert double.translated()[-1]["source"] == "auto"


async def test_the_same_language_needs_no_engine(double: LibreTranslateDouble) -> None:
    async with adapter(double.url) as translator:
        assert await translator.translate("Hallo", source="de", target="de") == Translation(
            "Hallo", "de", "de"
        )
    assert double.requests == []


async def test_a_pair_the_server_lacks_is_unsupported_without_asking_translate(
    double: LibreTranslateDouble,
) -> None:
    double.pairs = {"de": ["en"], "en": ["de"]}  # a server started with LT_LOAD_ONLY=de,en
    async with adapter(double.url) as translator:
        assert await unavailable(translator, target="fa") == "unsupported"
        assert await unavailable(translator, source=None, target="tr") == "unsupported"
        assert await unavailable(translator, source="xx") == "unsupported"
    assert double.translated() == []
    assert [r["path"] for r in double.requests] == ["/languages"]  # asked once


async def test_a_pair_the_engine_refuses_with_400_is_unsupported(
    double: LibreTranslateDouble,
) -> None:
    async with adapter(double.url) as translator:
        await translator.pairs()
        double.pairs["de"] = ["en"]  # the server changed its models since we asked
        assert await unavailable(translator, target="ar") == "unsupported"


async def test_too_long_a_text_is_not_sent(double: LibreTranslateDouble) -> None:
    async with adapter(double.url) as translator:
        assert await unavailable(translator, "x" * 5001) == "unsupported"
    assert double.translated() == []


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("500", "down"), ("429", "down"), ("400", "bad_response"), ("bad_json", "bad_response")],
)
async def test_engine_errors_become_a_reason_never_the_raw_error(
    double: LibreTranslateDouble,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    reason: str,
) -> None:
    async with adapter(double.url) as translator:
        await translator.pairs()
        double.mode = mode
        with pytest.raises(TranslationUnavailable) as raised:
            await translator.translate(SECRET_TEXT, source="de", target="ar")
    assert raised.value.reason == reason and str(raised.value) == reason
    assert "Amal" not in caplog.text and "model failed" not in caplog.text


async def test_a_slow_engine_times_out_within_the_setting(double: LibreTranslateDouble) -> None:
    async with adapter(double.url, timeout_seconds=0.3) as translator:
        await translator.pairs()
        double.mode = "slow"
        started = time.monotonic()
        assert await unavailable(translator) == "timeout"
    assert time.monotonic() - started < 2


async def test_a_stopped_engine_is_down_and_back_when_it_returns(
    double: LibreTranslateDouble,
) -> None:
    async with adapter(double.url) as translator:
        await double.stop()
        assert await unavailable(translator) == "down"  # /languages refused
        await double.start()
        assert (await translator.translate("Hallo", source="de", target="ar")).text == "[ar] Hallo"


async def test_connection_refused_is_down() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with adapter(f"http://127.0.0.1:{port}") as translator:
        assert await unavailable(translator) == "down"


async def test_without_the_setting_there_is_no_translator() -> None:
    async with open_translator(None) as translator:
        assert isinstance(translator, NoTranslator) and not translator.enabled
        with pytest.raises(TranslationUnavailable) as raised:
            await translator.translate("Hallo", source="de", target="ar")
    assert raised.value.reason == "off"


async def test_with_the_setting_the_translator_uses_the_server(
    double: LibreTranslateDouble,
) -> None:
    async with open_translator(TranslateSettings(url=double.url)) as translator:
        assert translator.enabled
        assert (await translator.translate("Hallo", source="de", target="tr")).text == "[tr] Hallo"


def test_settings_are_read_from_the_environment() -> None:
    assert Settings.from_env({}).translate is None
    settings = Settings.from_env(
        {
            "KOMM_MIT_TRANSLATE_URL": "http://libretranslate:5000/ ",
            "KOMM_MIT_TRANSLATE_API_KEY": "s3cret",
            "KOMM_MIT_TRANSLATE_TIMEOUT": "2.5",
        }
    )
    assert settings.translate == TranslateSettings("http://libretranslate:5000", "s3cret", 2.5)
    assert "s3cret" not in repr(settings)
    defaults = Settings.from_env({"KOMM_MIT_TRANSLATE_URL": "https://mt.example.de"}).translate
    assert defaults == TranslateSettings("https://mt.example.de", None, 4.0)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("KOMM_MIT_TRANSLATE_URL", "ftp://mt.example.de", "KOMM_MIT_TRANSLATE_URL must be a URL"),
        ("KOMM_MIT_TRANSLATE_URL", "libretranslate:5000", "KOMM_MIT_TRANSLATE_URL must be a URL"),
        ("KOMM_MIT_TRANSLATE_TIMEOUT", "0", "KOMM_MIT_TRANSLATE_TIMEOUT must be a number"),
        ("KOMM_MIT_TRANSLATE_TIMEOUT", "soon", "KOMM_MIT_TRANSLATE_TIMEOUT must be a number"),
    ],
)
def test_a_bad_setting_is_one_clear_line(name: str, value: str, says: str) -> None:
    env = {"KOMM_MIT_TRANSLATE_URL": "http://mt:5000", name: value}
    with pytest.raises(SettingsError, match=says):
        Settings.from_env(env)
