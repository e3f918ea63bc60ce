"""The privacy page (`GET /privacy?language=xx`): what the chat stores, in the user's language.

Why a page of our own: the widget's one-line notice links here; it states only what this
software does (no legal claims about the district), and sends questions to the office.
"""

from __future__ import annotations

from html import escape

from bot.language.i18n import gettext_for
from bot.language.supported import direction


def privacy_html(lang: str) -> str:
    _ = gettext_for(lang)
    title = _("Privacy in the Komm Mit chat")
    paragraphs = [
        _(
            "Your messages and the assistant's answers are stored under a random conversation "
            "number, so that the conversation can continue. Your browser keeps this number only "
            "in the open tab, unless you choose to remember the conversation on this device."
        ),
        _(
            "If you book an appointment, the office receives the service, the concern and the "
            "time, and only if you give them, your name and phone number or e-mail address. "
            "These contact details are deleted after the appointment or when you cancel it."
        ),
        _("Please do not write passwords, identity numbers or health information in the chat."),
        _(
            "Responsible is the Landkreis Osnabrück. For questions about your data or to have it "
            "deleted, please ask at the Kreishaus."
        ),
    ]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html>\n<html lang="{lang}" dir="{direction(lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body{font-family:system-ui,'Noto Sans','Noto Sans Arabic',Tahoma,Arial,"
        "sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;"
        "color:#1a1a1a}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
