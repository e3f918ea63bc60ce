"""A request to go back to the language the conversation had before, without naming it.

Why apart from the NLU: "wie vorher bitte", "switch back", "як раніше", "مثل قبل",
"eskisi gibi yaz" name no language, so the model can at most recognise "change the language"
and offer the menu. Which language "before" was only the conversation knows (slot
`previous_language`, kept by `action_track_context`); `bot/commands.py` turns such a message
into the payload `/change_language{"language": "previous"}` and the action resolves it.

Only a whole short message counts ("wie vorher besprochen, ich brauche einen Termin" is not a
switch request): after normalisation (`bot.language.normalize`, lower case, punctuation and
politeness words like "bitte", "please", "لطفا" taken out) the rest must be one of the phrases
below. The phrases are written as people type them on a phone: missing umlauts and diacritics,
dialect (Levantine "متل قبل", colloquial Farsi "مث قبل") and the usual typos.
"""

from __future__ import annotations

import re
from typing import Final

from bot.language.normalize import normalise

# The entity value that stands for "the language before the last switch".
PREVIOUS: Final = "previous"
PAYLOAD: Final = '/change_language{"language": "previous"}'

_MAX_WORDS = 12

# Words that may come around the request without changing it.
_POLITE = re.compile(
    normalise(
        r"\b(?:bitte|bite|pls|plz|please|pleas|plese|pleace|ok|okay|now|again|thanks|thank you"
        r"|can you|could you|can we|could we|you|i want|i'd like|i would like|let'?s|hey|hi"
        r"|kannst du|können wir|koennen wir|konnen wir|können sie|koennen sie|du|mal|jetzt"
        r"|wieder|doch|danke|hallo|ich möchte|ich moechte|ich will"
        r"|будь ласка|будьласка|буд ласка|пожалуйста|пожалуста|плиз|давай|давайте|можна|можно"
        r"|знову|опять|снова|дякую|спасибо|привіт|привет|мне|мені"
        r"|لطفا|لطفاً|من فضلك|من فضلگ|لو سمحت|لوسمحت|رجاء|ممکنه|میشه|میشه لطفا|ممكن|بليز"
        r"|دوباره|مرسی|ممنون|شكرا|شکرا|سلام|مرحبا|هلا|يا ريت|ياريت|خلص|خلاص"
        r"|lütfen|lutfen|ltfn|tekrar|yine|artık|artik|teşekkürler|tesekkurler|merhaba"
        r"|abi|abla|hocam)\b"
    )
)
_PUNCTUATION = re.compile(r"[^\w\s']+")

# One pattern per language; each one is matched against the whole remaining message.
_BACK: Final[dict[str, str]] = {
    "de": (
        r"(?:(?:schreib\w*|sprich\w*|mach\w*|antwort\w*)\s)?(?:bitte\s)?"
        r"(?:wie\s(?:vorher|vorhin|davor|früher|frueher|fruher|zuvor|am anfang|vohrer|vorer)"
        r"(?:\s(?:schreiben|sprechen|machen|antworten))?"
        r"|(?:zurück|zurueck|zuruck|zurük|zurüch)\s?(?:zur|zu der|in die|auf die)?\s?"
        r"(?:alten|vorherigen|vorigen|letzten|anderen|ersten|vorheriger|alte|vorherige)\s"
        r"(?:sprache|sprahce|spache|sprach)"
        r"(?:\s(?:zurück|zurueck|wechseln|bitte))?"
        r"|(?:wieder\s)?(?:in|auf)\s(?:der|die)\s(?:alten|vorherigen|vorigen|letzten|alte"
        r"|vorherige|sprache von vorher)\s?(?:sprache)?(?:\s(?:schreiben|zurück|wechseln))?"
        r"|(?:die\s)?(?:sprache|sprahce)\s(?:von vorher|wie vorher|zurück|zurueck|zurückstellen"
        r"|zurücksetzen|zurueckstellen)"
        r"|(?:die\s)?(?:alte|vorherige|vorige|letzte)\s(?:sprache|sprahce)(?:\s(?:bitte))?"
        r"|(?:wechsel|wechsle|schalte?)\s(?:\w+\s)?(?:zurück|zurueck|zuruck))"
    ),
    "en": (
        r"(?:(?:switch|swich|swtich|change|chenge)\s(?:it\s)?(?:back|bak)"
        r"|(?:switch|swich|swtich|change|chenge|go|get|put|turn|set)\s(?:it\s)?(?:back|bak)"
        r"(?:\s(?:to|into|in)\s(?:the\s)?(?:previous|previus|prevous|old|other|last|earlier"
        r"|first|original|same)\s(?:language|languge|langauge|lang|one)"
        r"|\s(?:to|into|in)\s(?:the\s)?(?:language|languge|langauge)\s(?:from\s)?"
        r"(?:before|befor|earlier|we had|i had|we used)(?:\sbefore)?)"
        r"|(?:back|bak)\s(?:to|in|into)\s(?:the\s)?(?:previous|previus|prevous|old|other|last"
        r"|earlier|first|original)\s(?:language|languge|langauge|lang|one)"
        r"|(?:back|bak)\s(?:to|in|into)\s(?:the\s)?(?:language|languge|langauge)\s(?:from\s)?"
        r"(?:before|befor|earlier)"
        r"|(?:write|speak|answer|talk|reply)\s(?:in\s)?(?:the\s)?(?:previous|previus|prevous|old"
        r"|other|last|earlier|first|original)\s(?:language|languge|langauge|lang|one)"
        r"|(?:write|speak|answer|talk|reply)\s(?:like|as)\s(?:before|befor)"
        r"|(?:the\s)?(?:previous|previus|prevous|old|earlier|original)\s(?:language|languge"
        r"|langauge)"
        r"|(?:the\s)?(?:language|languge|langauge)\s(?:from\s)?(?:before|befor)"
        r"|(?:like|as)\s(?:before|befor|earlier))"
    ),
    "uk": (
        r"(?:(?:пиши|пишіть|напиши|напишіть|говори|говоріть|відповідай|відповідайте|роби"
        r"|зробіть|зроби)\s)?"
        r"(?:як\s?(?:раніше|раньше|ранiше|раніш|раныше|було|було раніше|до цього|спочатку)"
        r"|(?:поверни|поверніть|повернися|повернись|повернімось|поверніться|назад)\s"
        r"(?:(?:на|до)\s)?(?:попередн\w*|минул\w*|стар\w*|перш\w*|ту|тієї)"
        r"(?:\s(?:мов\w*|мову))?"
        r"|(?:поверни|поверніть)\s(?:як було|мову назад|мову)"
        r"|(?:попередн\w*|минул\w*|стар\w*)\s(?:мов\w*)(?:\s(?:будь ласка))?"
        r"|(?:мов\w*)\s(?:як раніше|назад|як було))"
    ),
    "ru": (
        r"(?:(?:пиши|пишите|напиши|напишите|говори|говорите|отвечай|отвечайте|сделай"
        r"|сделайте)\s)?"
        r"(?:как\s?(?:раньше|ранше|раниже|раньще|было|было раньше|до этого|сначала|прежде)"
        r"|(?:верни|верните|вернись|вернитесь|вернемся|вернёмся|назад)\s(?:(?:на|к)\s)?"
        r"(?:прежн\w*|предыдущ\w*|стар\w*|перв\w*|тот|том|тому)(?:\s(?:язык\w*))?"
        r"|(?:верни|верните)\s(?:как было|язык обратно|язык назад|язык|обратно)"
        r"|(?:на\s)?(?:прежн\w*|предыдущ\w*|стар\w*)\s(?:язык\w*)"
        r"|(?:язык\w*)\s(?:как раньше|обратно|назад|как было))"
    ),
    "ar": (
        r"(?:(?:اكتب|اكتبلي|اكتبي|احكي|احكيلي|تكلم|ارجع|رجع|رجعها|رجعلي|ارجعها|رد|جاوب)\s)?"
        r"(?:(?:مثل|متل|مثل ما|زي|زى|كيف|كما|متل ما|زي ما)\s?(?:قبل|كان|قبيل|اول|الاول|كنت)"
        r"(?:\s(?:شوی|شوي|بالزبط))?"
        r"|(?:ارجع|رجع|رجعها|رجعلي|رجعني|ارجعها|عود|عودي|ارجعلي|رجعو|رجعوا)\s(?:ل|على|الى|لل)?\s?"
        r"(?:اللغه|لغه|للغه|اللغة|لغة|للغة)\s(?:السابقه|القدیمه|الاولی|اللی قبل|اللي قبل|یلی قبل"
        r"|الي قبل|اللی کانت|اللي كانت|قبل|تبع قبل|السابقة|القديمة|الأولى)"
        r"|(?:ب|بال|ع|على)?\s?(?:اللغه|لغه|اللغة|لغة)\s(?:السابقه|القدیمه|اللی قبل|اللي قبل|یلی قبل"
        r"|السابقة|القديمة|تبع قبل|الاولی|الأولى))"
    ),
    "fa": (
        r"(?:(?:مثل|مث|مثه|عین|مانند|همونطوری که|همون طوری که|مثل همون|مثه همون)\s?"
        r"(?:قبل|قبلی|قبلا|اول|اولش|سابق|قبلن|قبلنا)"
        r"(?:\s(?:بنویس|بنویسید|بنویسین|حرف بزن|جواب بده|صحبت کن|باش|بشه|کن))?"
        r"|(?:برگرد|برگردید|برگردین|برگردون|برگردونید|برگردونین|بر گرد|برگردیم)\s(?:به\s)?"
        r"(?:زبان|زبون)?\s?(?:قبلی|قبل|اولی|اول|سابق|قبلیه)(?:\s(?:بنویس|لطفا))?"
        r"|(?:به\s)?(?:زبان|زبون)\s(?:قبلی|قبل|اولی|اول|سابق)\s?"
        r"(?:بنویس|بنویسید|برگرد|برگردید|برگردون|لطفا|حرف بزن)?"
        r"|(?:همون|همان)\s(?:زبان|زبون)\s(?:قبلی|قبل|اولی|اول)(?:\s(?:بنویس|لطفا))?)"
    ),
    "tr": (
        r"(?:(?:eskisi|eskisı|öncekisi|oncekisi|eskiden|önceden|onceden|önceki|onceki|ilk)"
        r"\s(?:gibi|gbi|gibı)"
        r"(?:\s(?:yaz|yazın|yazin|yazar mısın|yazar misin|konuş|konus|cevap ver|olsun|yap))?"
        r"|(?:önceki|onceki|eski|ilk|bir önceki|bir onceki)\s(?:dile|dil|dilde|dilden|dili)"
        r"(?:\s(?:dön|don|geç|gec|geri dön|geri don|geri geç|geri gec|yaz|yazın|yazin"
        r"|döner misin|doner misin|geçer misin|gecer misin|al|geri al|lütfen))?"
        r"|(?:geri\s)?(?:dön|don|geç|gec)\s(?:önceki|onceki|eski)\s(?:dile|dil)"
        r"|dili\sgeri\s(?:al|dön|don|çevir|cevir|değiştir|degistir))"
    ),
}
_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(r"^" + normalise(pattern) + r"$") for pattern in _BACK.values()
)


def _essence(text: str) -> str:
    """The message without punctuation, politeness words and extra spaces, normalised."""
    folded = _PUNCTUATION.sub(" ", normalise(text))
    folded = _POLITE.sub(" ", folded)
    return " ".join(folded.split())


def asks_for_previous_language(text: str) -> bool:
    """True when the whole (short) message asks to go back to the earlier language."""
    if len(text.split()) > _MAX_WORDS:
        return False
    essence = _essence(text)
    return bool(essence) and any(pattern.match(essence) for pattern in _PATTERNS)
