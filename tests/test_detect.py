"""Language detection: clear text switches, short text does not, foreign text is noticed."""

from __future__ import annotations

import pytest

from bot.language.detect import detect

CLEAR = {
    "de": "Ich brauche einen Termin bei der Ausländerbehörde wegen meiner Aufenthaltserlaubnis",
    "en": "I need an appointment because my residence permit expires next month",
    "ar": "أحتاج إلى موعد في دائرة الأجانب لتجديد الإقامة",
    "fa": "من برای تمدید اقامتم به یک وقت ملاقات در اداره خارجی‌ها نیاز دارم",
    "uk": "Мені потрібен термін в Ausländerbehörde, бо закінчується мій дозвіл на проживання",
    "ru": "Мне нужна запись в ведомство по делам иностранцев, заканчивается вид на жительство",
    "tr": "Oturum iznim bitiyor, yabancılar dairesinden randevu almam lazım",
}


@pytest.mark.parametrize(("lang", "text"), CLEAR.items())
def test_clear_text_in_a_supported_language_is_recognised(lang: str, text: str) -> None:
    found = detect(text)
    assert found.clear == lang
    assert not found.unsupported


@pytest.mark.parametrize("text", ["ok", "Termin", "hi", "salam", "24", "👍"])
def test_short_text_never_counts_as_clear(text: str) -> None:
    found = detect(text)
    assert found.clear is None
    assert not found.unsupported


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, j'ai besoin d'un rendez-vous pour mon titre de séjour",
        "Hola, necesito una cita para renovar mi permiso de residencia",
        "Dzień dobry, potrzebuję terminu w urzędzie do spraw cudzoziemców",
    ],
)
def test_text_in_an_unsupported_language_is_noticed(text: str) -> None:
    assert detect(text).unsupported


def test_a_guess_is_given_even_for_short_text() -> None:
    assert detect("مرحبا").guess in {"ar", "fa"}


@pytest.mark.parametrize("text", ["qwxz vbnm plokij", "zzqv lkjh mnbv", "asdf ghjk qwer tyui"])
def test_gibberish_is_not_called_a_foreign_language(text: str) -> None:
    assert not detect(text).unsupported
