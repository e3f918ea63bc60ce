"""The optional contact a user leaves for the office: a name and a phone or e-mail.

Why so strict: we store personal data only when the user clearly gave it. A
message without a phone number or e-mail address is not taken as contact data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language.normalize import fold_digits

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s/().-]{5,}\d")
MAX_NAME = 80


@dataclass(frozen=True)
class Contact:
    name: str | None
    reach: str  # phone number or e-mail address

    def as_text(self) -> str:
        return f"{self.name}, {self.reach}" if self.name else self.reach


def parse_contact(text: str) -> Contact | None:
    """Name plus phone or e-mail from one message; None when neither is there."""
    folded = fold_digits(text or "").strip()
    match = EMAIL.search(folded)
    reach = match.group(0) if match else None
    if reach is None:
        match = PHONE.search(folded)
        if match and sum(ch.isdigit() for ch in match.group(0)) >= 6:
            reach = re.sub(r"\s+", " ", match.group(0)).strip()
    if reach is None or match is None:
        return None
    rest = (folded[: match.start()] + " " + folded[match.end() :]).strip(" ,;:-\n\t")
    name = re.sub(r"\s+", " ", rest)[:MAX_NAME].strip() or None
    return Contact(name, reach)
