""""The first one", "второе", "اولی رو میخوام": choosing one of the offered times by its place.

Why words: the time buttons are the easy way, but people also type their choice, and
"второе" or "ikinci" read as a date or nothing at all. Only a short message that is an
ordinal and polite filler counts: "am zweiten Dezember" or "the second week" is a date or
a wish, not a choice.
"""

from __future__ import annotations

import re

from bot.language.normalize import normalise

# The places 1-5 (a page shows five times), in normalised spelling (lower case, Arabic
# letters folded: أ -> ا, ة -> ه, ي/ى -> ی).
_ORDINALS: dict[int, str] = {
    1: r"first|1st|erste[nmrs]?|1\.|перв\w*|перш\w*|birinci|ilk|ilki|الاول|الاولی|اول|اولی"
    r"|اولین|اوله",
    2: r"second|2nd|zweite[nmrs]?|2\.|втор\w*|друг(?:ий|е|у|а|ого)|ikinci|ikincisi|الثانی"
    r"|الثانیه|ثانی|دوم|دومی|دومین",
    3: r"third|3rd|dritte[nmrs]?|3\.|трет\w*|трет[іє]\w*|üçüncü|üçüncüsü|الثالث|الثالثه|ثالث"
    r"|سوم|سومی|سومین",
    4: r"fourth|4th|vierte[nmrs]?|4\.|четв[её]рт\w*|четверт\w*|dördüncü|dördüncüsü|الرابع"
    r"|الرابعه|رابع|چهارم|چهارمی|چهارمین",
    5: r"fifth|5th|fünfte[nmrs]?|funfte[nmrs]?|5\.|пят\w*|п['’ʼ]?ят\w*|beşinci|beşincisi"
    r"|الخامس|الخامسه|خامس|پنجم|پنجمی|پنجمین",
}
_PLACE = {n: re.compile(rf"^(?:{words})$") for n, words in _ORDINALS.items()}
# Words that may stand around the ordinal: articles, "one", "option", "please", "I take".
_FILLER = re.compile(
    r"^(?:the|one|option|time|slot|please|pls|i|i'll|ill|take|want|would|like|let's|lets"
    r"|ok|okay|number|nr|no|der|die|das|den|dem|ich|nehme|möchte|mochte|bitte|gerne|gern"
    r"|termin|nummer|давайте|давай|я|возьму|хочу|пожалуйста|вариант|время"
    r"|візьму|будь|ласка|варіант|час|мені|мне|то|olsun|lütfen|lutfen|alayım|alayim"
    r"|istiyorum|seçenek|secenek|saat|tane|بدی|ارید|اریید|الموعد|الخیار|لو|سمحت|من|فضلک"
    r"|واحد|اللی|هو|یا|میخوام|میخواهم|همون|همان|رو|را|لطفا|گزینه|وقت|ساعت|اون|آن|ان)$"
)
_TOKEN = re.compile(r"[^\s,!?؟،.]+\.?|\d\.")


def ordinal_choice(text: str) -> int | None:
    """The place (1-5) a short typed choice names, or None."""
    folded = normalise(text).replace("\u0307", "")  # Turkish İ lower-cased: i + dot
    tokens = [t.rstrip(".") if not re.fullmatch(r"\d\.", t) else t for t in _TOKEN.findall(folded)]
    if not tokens or len(tokens) > 6:
        return None
    places: set[int] = set()
    for token in tokens:
        named = {n for n, pattern in _PLACE.items() if pattern.match(token)}
        if not named and not _FILLER.match(token):
            return None  # a word that is neither a place nor filler: no choice
        places |= named
    return places.pop() if len(places) == 1 else None
