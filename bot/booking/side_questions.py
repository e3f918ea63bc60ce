"""Side questions inside the booking that no intent covers, recognised by their words.

Why words: "is the building accessible by wheelchair?" has no intent of its own (the
classifier reads it as a location question or nothing), yet it must be answered
without leaving the booking. The answer comes from bot/content (a placeholder says
that we do not know yet).
"""

from __future__ import annotations

import re

from bot.language.normalize import normalise

# Wheelchair, lift, step-free access, stairs in the seven languages (normalised text).
ACCESS = re.compile(
    r"(?:\b(?:wheel\s*chairs?|accessib\w*|barrier[\s-]*free|step[\s-]*free|lifts?|elevators?"
    r"|stairs?|ramps?|disab\w*|rollstuhl\w*|rollator\w*|barrierefrei\w*|aufzug\w*|fahrstuhl\w*"
    r"|treppe\w*|rampe\w*|behinder\w*|коляск\w*|лифт\w*|пандус\w*|лестниц\w*|инвалид\w*"
    r"|візк\w*|візок|ліфт\w*|сходи|сходах|сходами|інвалід\w*|tekerlekli|engelli\w*|asansör\w*|rampa\w*"
    r"|merdiven\w*)\b"
    r"|کرسی\s+متحرک|کرسی\s+مدولب|مصعد|اسانسور|ویلچی?ر|صندلی\s+چرخ\s*دار|معلول|رمپ|پله"
    r"|ذوی\s+الاحتیاجات|(?:^|\s)(?:ال)?درج(?:\s|$|[؟?.]))",
    re.IGNORECASE,
)


def asks_about_access(text: str) -> bool:
    """The message asks about step-free access (wheelchair, lift, stairs)."""
    return ACCESS.search(normalise(text or "")) is not None
