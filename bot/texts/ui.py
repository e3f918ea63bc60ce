"""Texts of the demo chat page, served per language by `GET /api/v1/ui-texts`.

Why: the page's own labels are user-facing too, so they come from the catalogs.
"""

from __future__ import annotations

from bot.language.i18n import gettext_for
from bot.language.supported import NATIVE_NAMES, direction


def ui_texts(lang: str) -> dict[str, object]:
    _ = gettext_for(lang)
    return {
        "language": lang,
        "direction": direction(lang),
        "languages": NATIVE_NAMES,
        "texts": {
            "title": _("Komm Mit – chat assistant of the Landkreis Osnabrück"),
            "placeholder": _("Write your message …"),
            "send": _("Send"),
            "calendar_file": _("Add to calendar"),
            "language_label": _("Language"),
            "offline": _("The assistant cannot be reached. Please try again in a moment."),
            "privacy": _(
                "This is an automated assistant. Do not write passwords or identity numbers here."
            ),
            "you": _("You"),
            "assistant": _("Assistant"),
            "open": _("Chat with Komm Mit"),
            "close": _("Close the chat"),
            "typing": _("The assistant is writing …"),
            "keep": _("Remember this conversation on this device"),
            "privacy_link": _("Privacy"),
            "forget": _("Delete this conversation"),
            "staff": _("Staff member"),
            "handoff_waiting": _("Waiting for a staff member. Your messages go to the staff."),
            "handoff_claimed": _("A staff member is answering you."),
            "back_to_bot": _("Back to the assistant"),
        },
    }
