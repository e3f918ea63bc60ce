"""Booking references people can read out on the phone: `KM-7Q4P`.

Why this alphabet: no 0/O, 1/I/L, U/V or 5/S pairs, so a reference copied by
hand or read aloud is not mistaken. A reference alone grants nothing: every
lookup also needs the conversation it was booked in (or a staff member).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "234679ACDEFGHJKMNPQRTWXYZ"
LENGTH = 4
PREFIX = "KM-"
PATTERN = re.compile(rf"\bKM[-\s]?([{ALPHABET}]{{{LENGTH}}})\b", re.IGNORECASE)


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def find_reference(text: str) -> str | None:
    """A reference inside a message, however it was typed ("km 7q4p" -> "KM-7Q4P")."""
    match = PATTERN.search(text or "")
    if not match or not all(ch in ALPHABET for ch in match.group(1).upper()):
        return None
    return PREFIX + match.group(1).upper()
