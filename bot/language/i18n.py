"""Message catalogs (Babel/gettext in `locales/`) and locale-aware formatting.

Why: every user-facing text goes through the catalogs, so translators fix a text
without touching code or retraining; dates and numbers follow the user's locale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_date,
    format_datetime,
    format_time,
    match_skeleton,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from bot.language.supported import DEFAULT, is_supported

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
log = logging.getLogger(__name__)

Gettext = Callable[..., str]


class CatalogMissing(RuntimeError):
    """Raised when compiled catalogs are absent: run `make catalogs`."""


@cache
def translations(lang: str, domain: str = DOMAIN) -> NullTranslations:
    """Compiled catalog for `lang`; fails loudly instead of silently showing English."""
    mo = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        raise CatalogMissing(f"{mo} is missing; run `make catalogs`")
    return Translations.load(str(LOCALES_DIR), [lang], domain)


def gettext_for(lang: str) -> Gettext:
    """A `_` function for one language: `_("Hello {name}", name=...)`.

    A translation with a broken placeholder falls back to the source text instead
    of failing the whole answer (tests keep placeholders intact, this is a last guard).
    """
    code = lang if is_supported(lang) else DEFAULT
    catalog = translations(code)

    def _(msgid: str, **kwargs: object) -> str:
        text = catalog.gettext(msgid)
        if not kwargs:
            return text
        try:
            return text.format(**kwargs)
        except (KeyError, IndexError, ValueError):
            log.error("translation of %r in %s has broken placeholders", msgid[:40], code)
            return msgid.format(**kwargs)

    return _


def babel_locale(lang: str) -> Locale:
    return Locale.parse(lang if is_supported(lang) else DEFAULT)


# Digits of a numbering system; Babel picks the locale's system but writes Latin digits in dates.
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
# In running text the CLDR long date of uk/ru ends in "р."/"г.", which doubles the full stop.
_RUNNING_TEXT_DATE = {"uk": "d MMMM y", "ru": "d MMMM y"}


def native_digits(text: str, lang: str) -> str:
    """Write digits the way the locale does by default (e.g. Persian ۱۲۳)."""
    digits = _DIGITS.get(babel_locale(lang).default_numbering_system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def fmt_date(value: date, lang: str) -> str:
    """A date for running text, e.g. "4. März 2027", "March 4, 2027", "۴ مارس ۲۰۲۷"."""
    pattern = _RUNNING_TEXT_DATE.get(lang, "long")
    return native_digits(format_date(value, format=pattern, locale=babel_locale(lang)), lang)


@cache
def _skeleton(skeleton: str, lang: str) -> str:
    """What `format_skeleton` finds for a skeleton in the locale, found once.

    Why: babel matches the skeleton against all of the locale's on every call (0.5 ms,
    for each time button of every booking answer).
    """
    available = babel_locale(lang).datetime_skeletons
    found = skeleton if skeleton in available else match_skeleton(skeleton, available)
    pattern: DateTimePattern = available[found or skeleton]
    return str(pattern.pattern)


def fmt_day(value: date, lang: str, *, short: bool = False) -> str:
    """Weekday and date: "Dienstag, 24. November 2026"; short ("Di., 24. Nov.") for buttons."""
    locale = babel_locale(lang)
    if short:
        pattern = _skeleton("EEEdMMM", lang)
        text = format_datetime(datetime.combine(value, time()), pattern, locale=locale)
    else:
        text = format_date(value, format="full", locale=locale)
    return native_digits(text, lang)


def fmt_time(value: time, lang: str) -> str:
    return native_digits(format_time(value, format="short", locale=babel_locale(lang)), lang)


def fmt_number(value: float, lang: str) -> str:
    return native_digits(format_decimal(value, locale=babel_locale(lang)), lang)


def fmt_money(value: float, lang: str) -> str:
    """An amount in euros as the locale writes it: "255,00 €", "€255.00"."""
    return native_digits(format_currency(value, "EUR", locale=babel_locale(lang)), lang)


def fmt_list(items: list[str], lang: str) -> str:
    return format_list(items, locale=babel_locale(lang))


def day_name(weekday: int, lang: str) -> str:
    """Localised weekday name, Monday = 0."""
    return str(babel_locale(lang).days["format"]["wide"][weekday])
