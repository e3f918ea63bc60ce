"""Canned staff replies: frequent answers kept in the Babel catalogs.

Why catalogs: the staff member picks a reply and reads it in German; the user
receives the same reply already translated into their own language. The texts
are deliberately general (no facts, no legal advice); facts go in free text.
"""

from __future__ import annotations

from bot.language.i18n import gettext_for
from bot.texts.labels import N_, service_name
from bot.texts.reply import Context

CANNED: dict[str, str] = {
    "hello": N_("Hello, I am a staff member of the {service}. How can I help you?"),
    "looking": N_("Thank you for waiting. I am looking into your question."),
    "details": N_("Could you please describe your question in a little more detail?"),
    "appointment": N_("Your question needs a personal appointment. I am booking one for you now."),
    "documents": N_(
        "Please bring your passport or identity document and every letter you have received "
        "about this matter."
    ),
    "in_person": N_(
        "I cannot answer this question in the chat. Please come to the Kreishaus in person."
    ),
    "goodbye": N_(
        "Thank you for your message. If you have no more questions, I will close this chat "
        "now. The assistant will be there for you again."
    ),
}


def canned_text(key: str, lang: str, service: str) -> str:
    """A canned reply in `lang` (German for the staff member, the user's language for them)."""
    service_label = service_name(Context(lang=lang), service)
    return gettext_for(lang)(CANNED[key], service=service_label)


# Said below a free-text staff reply the engine translated (bot/staff/conversation.py), in
# the person's language; by the staff member's language, the language of the original.
MACHINE_NOTE: dict[str, str] = {
    "de": N_("Machine-translated from German. The original message is below."),
    "en": N_("Machine-translated from English. The original message is below."),
}


def machine_translated(translation: str, original: str, lang: str, original_lang: str) -> str:
    """What the person receives for a machine-translated reply: the translation, a short
    note in their language that a machine translated it, and the staff member's own text."""
    note = gettext_for(lang)(MACHINE_NOTE.get(original_lang, MACHINE_NOTE["de"]))
    return f"{translation}\n\n— {note}\n{original}"
