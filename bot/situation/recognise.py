"""The person's residence status and place of residence, read from their own words.

Why word lists and not the NLU model: the status is said in many ways ("ich bin
Rumäne", "я з Польщі", "Bulgaristanlıyım", "عندي دولدونغ"), mostly with German office
words, and a wrong status gives a wrong legal answer. A list a fluent speaker wrote is
checkable and needs no retraining. When the words are not clear (two statuses, "I am
a refugee", "Osnabrück" alone) the answer is None: the assistant asks, it never guesses.

Everything is matched after the same folding (`fold`): the NLU's normalisation, then
Latin letters without accents (ä → a, ş → s, ß → ss), so "Rumäne", "Rumane" match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.language.normalize import normalise
from bot.situation.places import Places, places


def fold(text: str) -> str:
    """The NLU's normalisation, then Latin letters without accents; apostrophes as '."""
    text = normalise(text).replace("ß", "ss").replace("’", "'").replace("ʼ", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1] < "\u0250":
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def words(*patterns: str) -> re.Pattern[str]:
    """One regular expression for the (folded) patterns, each between word boundaries."""
    folded = "|".join(f"(?:{fold(p)})" for p in patterns)
    return re.compile(rf"(?<![\w§])(?:{folded})(?!\w)")


def alternatives(names: Iterable[str]) -> str:
    return "(?:" + "|".join(names) + ")"


# --- countries of the EU, the EEA and Switzerland -----------------------------------

EU_DE = alternatives(
    (
        "rumänien",
        "bulgarien",
        "polen",
        "kroatien",
        "ungarn",
        "italien",
        "spanien",
        "portugal",
        "griechenland",
        "frankreich",
        "den niederlanden",
        "holland",
        "litauen",
        "lettland",
        "estland",
        "der slowakei",
        "tschechien",
        "österreich",
        "belgien",
        "slowenien",
        "schweden",
        "dänemark",
        "finnland",
        "irland",
        "zypern",
        "malta",
        "luxemburg",
        "norwegen",
        "island",
        "der schweiz",
        "liechtenstein",
    )
)
EU_DE_PEOPLE = alternatives(
    (
        "rumäne",
        "rumänin",
        "bulgare",
        "bulgarin",
        "pole",
        "polin",
        "kroate",
        "kroatin",
        "ungar",
        "ungarin",
        "italiener(?:in)?",
        "spanier(?:in)?",
        "portugiese",
        "portugiesin",
        "grieche",
        "griechin",
        "franzose",
        "französin",
        "niederländer(?:in)?",
        "holländer(?:in)?",
        "litauer(?:in)?",
        "lette",
        "lettin",
        "este",
        "estin",
        "slowake",
        "slowakin",
        "tscheche",
        "tschechin",
        "österreicher(?:in)?",
        "belgier(?:in)?",
        "slowene",
        "slowenin",
        "schwede",
        "schwedin",
        "däne",
        "dänin",
        "finne",
        "finnin",
        "ire",
        "irin",
        "zyprer(?:in)?",
        "malteser(?:in)?",
        "luxemburger(?:in)?",
        "norweger(?:in)?",
        "isländer(?:in)?",
        "schweizer(?:in)?",
        "liechtensteiner(?:in)?",
    )
)
EU_DE_ADJ = alternatives(
    (
        "rumänisch",
        "bulgarisch",
        "polnisch",
        "kroatisch",
        "ungarisch",
        "italienisch",
        "spanisch",
        "portugiesisch",
        "griechisch",
        "französisch",
        "niederländisch",
        "litauisch",
        "lettisch",
        "estnisch",
        "slowakisch",
        "tschechisch",
        "österreichisch",
        "belgisch",
        "slowenisch",
        "schwedisch",
        "dänisch",
        "finnisch",
        "irisch",
        "zyprisch",
        "maltesisch",
        "luxemburgisch",
        "norwegisch",
        "isländisch",
        "schweizerisch",
    )
)
EU_EN = alternatives(
    (
        "romania",
        "bulgaria",
        "poland",
        "croatia",
        "hungary",
        "italy",
        "spain",
        "portugal",
        "greece",
        "france",
        "the netherlands",
        "netherlands",
        "holland",
        "lithuania",
        "latvia",
        "estonia",
        "slovakia",
        "czechia",
        "the czech republic",
        "czech republic",
        "austria",
        "belgium",
        "slovenia",
        "sweden",
        "denmark",
        "finland",
        "ireland",
        "cyprus",
        "malta",
        "luxembourg",
        "norway",
        "iceland",
        "switzerland",
        "liechtenstein",
    )
)
EU_EN_ADJ = alternatives(
    (
        "romanian",
        "bulgarian",
        "polish",
        "croatian",
        "hungarian",
        "italian",
        "spanish",
        "portuguese",
        "greek",
        "french",
        "dutch",
        "lithuanian",
        "latvian",
        "estonian",
        "slovak",
        "slovakian",
        "czech",
        "austrian",
        "belgian",
        "slovenian",
        "swedish",
        "danish",
        "finnish",
        "irish",
        "cypriot",
        "maltese",
        "luxembourgish",
        "norwegian",
        "icelandic",
        "swiss",
    )
)
EU_RU = alternatives(
    (
        "румынии",
        "болгарии",
        "польши",
        "хорватии",
        "венгрии",
        "италии",
        "испании",
        "португалии",
        "греции",
        "франции",
        "нидерландов",
        "голландии",
        "литвы",
        "латвии",
        "эстонии",
        "словакии",
        "чехии",
        "австрии",
        "бельгии",
        "словении",
        "швеции",
        "дании",
        "финляндии",
        "ирландии",
        "кипра",
        "мальты",
        "люксембурга",
        "норвегии",
        "исландии",
        "швейцарии",
        "лихтенштейна",
    )
)
EU_RU_PEOPLE = alternatives(
    (
        "румын",
        "румынка",
        "болгарин",
        "болгарка",
        "поляк",
        "полька",
        "хорват",
        "хорватка",
        "венгр",
        "венгерка",
        "итальянец",
        "итальянка",
        "испанец",
        "испанка",
        "португалец",
        "португалка",
        "грек",
        "гречанка",
        "француз",
        "француженка",
        "литовец",
        "литовка",
        "латыш",
        "латышка",
        "эстонец",
        "эстонка",
        "словак",
        "словачка",
        "чех",
        "чешка",
        "австриец",
        "австрийка",
    )
)
EU_RU_ADJ = alternatives(
    (
        "румынск",
        "болгарск",
        "польск",
        "хорватск",
        "венгерск",
        "итальянск",
        "испанск",
        "португальск",
        "греческ",
        "французск",
        "нидерландск",
        "литовск",
        "латвийск",
        "эстонск",
        "словацк",
        "чешск",
        "австрийск",
    )
)
EU_UK = alternatives(
    (
        "румунії",
        "болгарії",
        "польщі",
        "хорватії",
        "угорщини",
        "італії",
        "іспанії",
        "португалії",
        "греції",
        "франції",
        "нідерландів",
        "голландії",
        "литви",
        "латвії",
        "естонії",
        "словаччини",
        "чехії",
        "австрії",
        "бельгії",
        "словенії",
        "швеції",
        "данії",
        "фінляндії",
        "ірландії",
        "кіпру",
        "мальти",
        "люксембургу",
        "норвегії",
        "ісландії",
        "швейцарії",
        "ліхтенштейну",
    )
)
EU_UK_PEOPLE = alternatives(
    (
        "румун",
        "румунка",
        "болгарин",
        "болгарка",
        "поляк",
        "полька",
        "хорват",
        "хорватка",
        "угорець",
        "угорка",
        "італієць",
        "італійка",
        "литовець",
        "литовка",
        "латиш",
        "латишка",
        "естонець",
        "естонка",
        "словак",
        "словачка",
        "чех",
        "чешка",
    )
)
EU_UK_ADJ = alternatives(
    (
        "румунськ",
        "болгарськ",
        "польськ",
        "хорватськ",
        "угорськ",
        "італійськ",
        "іспанськ",
        "португальськ",
        "грецьк",
        "французьк",
        "литовськ",
        "латвійськ",
        "естонськ",
        "словацьк",
        "чеськ",
        "австрійськ",
    )
)
EU_AR = alternatives(
    (
        "رومانيا",
        "بلغاريا",
        "بولندا",
        "بولونيا",
        "كرواتيا",
        "هنغاريا",
        "المجر",
        "إيطاليا",
        "إسبانيا",
        "اسبانيا",
        "البرتغال",
        "اليونان",
        "فرنسا",
        "هولندا",
        "ليتوانيا",
        "لاتفيا",
        "إستونيا",
        "سلوفاكيا",
        "التشيك",
        "النمسا",
        "بلجيكا",
        "سلوفينيا",
        "السويد",
        "الدنمارك",
        "فنلندا",
        "إيرلندا",
        "ايرلندا",
        "قبرص",
        "مالطا",
        "لوكسمبورغ",
        "النرويج",
        "آيسلندا",
        "سويسرا",
    )
)
EU_AR_PEOPLE = alternatives(
    (
        "روماني",
        "رومانية",
        "بلغاري",
        "بلغارية",
        "بولندي",
        "بولندية",
        "كرواتي",
        "كرواتية",
        "مجري",
        "مجرية",
        "إيطالي",
        "إيطالية",
        "إسباني",
        "إسبانية",
        "برتغالي",
        "برتغالية",
        "يوناني",
        "يونانية",
        "فرنسي",
        "فرنسية",
        "هولندي",
        "هولندية",
        "نمساوي",
        "نمساوية",
        "سويدي",
        "سويدية",
        "سويسري",
        "سويسرية",
    )
)
EU_FA = alternatives(
    (
        "رومانی",
        "بلغارستان",
        "لهستان",
        "کرواسی",
        "مجارستان",
        "ایتالیا",
        "اسپانیا",
        "پرتغال",
        "یونان",
        "فرانسه",
        "هلند",
        "لیتوانی",
        "لتونی",
        "استونی",
        "اسلواکی",
        "جمهوری چک",
        "اتریش",
        "بلژیک",
        "اسلوونی",
        "سوئد",
        "دانمارک",
        "فنلاند",
        "ایرلند",
        "قبرس",
        "مالت",
        "لوکزامبورگ",
        "نروژ",
        "ایسلند",
        "سوئیس",
    )
)
EU_FA_ADJ = alternatives(
    (
        "رومانیایی",
        "بلغاری",
        "لهستانی",
        "کرواسیایی",
        "مجارستانی",
        "ایتالیایی",
        "اسپانیایی",
        "پرتغالی",
        "یونانی",
        "فرانسوی",
        "هلندی",
        "لیتوانیایی",
        "اتریشی",
        "بلژیکی",
        "سوئدی",
        "سوئیسی",
    )
)
EU_TR = alternatives(
    (
        "romanya",
        "bulgaristan",
        "polonya",
        "hırvatistan",
        "macaristan",
        "italya",
        "ispanya",
        "portekiz",
        "yunanistan",
        "fransa",
        "hollanda",
        "litvanya",
        "letonya",
        "estonya",
        "slovakya",
        "çekya",
        "çek cumhuriyeti",
        "avusturya",
        "belçika",
        "slovenya",
        "isveç",
        "danimarka",
        "finlandiya",
        "irlanda",
        "malta",
        "lüksemburg",
        "norveç",
        "izlanda",
        "isviçre",
        "lihtenştayn",
    )
)

FROM_EU = words(
    # de
    rf"(?:komme|bin|stamme) aus {EU_DE}",
    rf"ich bin (?:ein |eine )?{EU_DE_PEOPLE}",
    rf"{EU_DE_ADJ}\w* (?:staatsangehörigkeit|staatsbürger\w*|pass|reisepass)",
    r"eu[- ]?bürger\w*",
    r"eu[- ]?staatsangehörig\w*",
    r"(?:eu|ewr)[- ]?(?:pass|reisepass)",
    # en
    rf"(?:i'm|i am|im|we're|we are|i come|we come) from {EU_EN}",
    rf"(?:i'm|i am|im) (?:a |an )?{EU_EN_ADJ}(?: citizen| national)?",
    rf"{EU_EN_ADJ} (?:citizen|national|passport|citizenship)",
    r"(?:an |a )?eu (?:citizen|national|passport|citizenship)",
    r"european (?:union )?citizen",
    # ru
    rf"(?:я|мы) (?:родом )?из {EU_RU}",
    rf"я {EU_RU_PEOPLE}",
    rf"{EU_RU_ADJ}\w* (?:паспорт\w*|гражданств\w*)",
    r"граждан\w* (?:ес|евросоюза|европейского союза)",
    # uk
    rf"(?:я|ми) (?:родом )?(?:з|із) {EU_UK}",
    rf"я {EU_UK_PEOPLE}",
    rf"{EU_UK_ADJ}\w* (?:паспорт\w*|громадянств\w*)",
    r"громадян\w* (?:єс|євросоюзу|європейського союзу)",
    # ar
    rf"(?:أنا|انا|نحن|احنا) (?:من|مِن) {EU_AR}",
    rf"(?:أنا|انا) {EU_AR_PEOPLE}",
    rf"(?:جنسيتي|جنسية|جواز|جوازي|باسبور) {EU_AR_PEOPLE}",
    r"مواطن\w* (?:من )?(?:الاتحاد الأوروبي|أوروبي\w*)",
    r"جواز (?:سفر )?أوروبي",
    # fa
    rf"(?:من |ما )?(?:اهل|از) {EU_FA} (?:هستم|هستیم|اومدم|آمده‌ام|آمدم)",
    rf"(?:من )?اهل {EU_FA}(?:م)?",
    rf"(?:تابعیت|پاسپورت|پاس) {EU_FA_ADJ}",
    rf"(?:من )?{EU_FA_ADJ} (?:هستم|هستیم)",
    r"شهروند (?:اتحادیه )?اروپا\w*",
    r"پاسپورت اروپایی",
    # tr
    rf"{EU_TR}(?:'?(?:dan|den|tan|ten|lı|li|lu|lü)\w*)",
    rf"{EU_TR} (?:vatandaş\w*|pasaport\w*)",
    r"(?:rumen|bulgar|macar|hırvat|yunan)(?:ım|im|um|üm|ız|iz)",
    r"(?:rumen|bulgar|leh|macar|hırvat|yunan|fransız|italyan|ispanyol) vatandaş\w*",
    r"(?:ab|avrupa birliği) (?:vatandaş\w*|pasaport\w*)",
)

# --- the other statuses ---------------------------------------------------------

STATUS_WORDS: dict[str, re.Pattern[str]] = {
    "duldung": words(
        r"\w*duldung\w*",
        r"geduldet\w*",
        r"dul'?ьdung\w*",
        r"дул?ь?дунг\w*",
        r"دولدونغ",
        r"دولدونگ",
        r"دولدونج",
        r"دلدونگ",
        r"tolerated (?:stay|status|residence)",
        r"suspension of deportation",
        r"(?:وقف|تعليق) (?:الترحيل|ترحيلي)",
        r"(?:приостановк\w*|отсрочк\w*) (?:депортации|высылки)",
        r"(?:призупинення|відстрочк\w*) (?:депортації|видворення)",
        r"sınır dışı (?:edilmenin )?(?:askıya alınması|erteleme\w*)",
    ),
    "asylum_seeker": words(
        r"\w*gestattung",
        r"asylbewerber\w*",
        r"asylsuchend\w*",
        r"asylverfahren\w*",
        r"asylantrag\w*",
        r"asyl beantragt",
        r"asylum seeker",
        r"seeking asylum",
        r"applied for asylum",
        r"(?:my )?asylum (?:procedure|application|case|interview)",
        r"طالب\w* (?:ال)?لجوء",
        r"(?:قدمت|مقدم) (?:على )?(?:ال)?لجوء",
        r"طلب (?:ال)?لجوء",
        r"پناهجو\w*",
        r"(?:درخواست|متقاضی|پرونده) (?:ی )?پناهندگی",
        r"шукач\w* притулку",
        r"(?:подав|подала|подали) (?:заяву )?на притулок",
        r"(?:заяв\w*|процедур\w*) (?:на|про|щодо) притул\w*",
        r"соискател\w* убежища",
        r"(?:подал|подала|подали) (?:заявление )?на убежище",
        r"(?:прошени\w*|заявлени\w*|процедур\w*) (?:об|на|о предоставлении) убежищ\w*",
        r"sığınmacı\w*",
        r"(?:iltica|sığınma) başvuru\w*",
    ),
    "temporary_protection": words(
        r"§ ?24",
        r"(?:paragraf|paragraph|section|параграф\w*|статт?\w*) 24",
        r"ماده ?24",
        r"(?:المادة|الفقرة|فقرة) ?24",
        r"vorübergehend\w* schutz\w*",
        r"temporary protection",
        r"тимчасов\w* захист\w*",
        r"временн\w* защит\w*",
        r"الحماية المؤقتة",
        r"حماية مؤقتة",
        r"حمایت موقت",
        r"geçici koruma\w*",
    ),
    "refugee": words(
        r"anerkannt\w* (?:als )?flüchtling\w*",
        r"als flüchtling anerkannt",
        r"flüchtlingsschutz",
        r"flüchtlingseigenschaft",
        r"subsidiär\w*(?: schutz)?",
        r"asylberechtigt\w*",
        r"reiseausweis für flüchtlinge",
        r"recogni[sz]ed (?:as a )?refugee",
        r"refugee status",
        r"subsidiary protection",
        r"(?:granted|got|received) asylum",
        r"asylum (?:was )?granted",
        r"لاجئ\w* معترف",
        r"(?:ال)?حماية (?:ال)?(?:فرعية|ثانوية|كاملة|جزئية)",
        r"حصلت على (?:حق )?(?:ال)?لجوء",
        r"جواز (?:سفر )?(?:ال)?أزرق",
        r"پناهنده شناخته",
        r"حمایت (?:تکمیلی|فرعی)",
        r"اقامت پناهندگی",
        r"(?:جواب|پاسخ) مثبت",
        r"визнан\w* біженц\w*",
        r"статус\w* біженця",
        r"(?:субсидіарн|додатков)\w* захист\w*",
        r"признан\w* беженц\w*",
        r"статус\w* беженца",
        r"(?:субсидиарн|дополнительн)\w* защит\w*",
        r"mülteci statü\w*",
        r"tanınmış mülteci\w*",
        r"(?:ikincil|sübsidyer|tamamlayıcı) koruma\w*",
    ),
    "eu_family": words(
        r"aufenthaltskarte",
        r"familienangehörig\w* (?:eines|einer|von) (?:eu|deutsch)\w*",
        r"(?:verheiratet mit|ehemann von|ehefrau von) (?:einem|einer) (?:deutschen|eu)\w*",
        r"(?:mein mann|meine frau|mein ehemann|meine ehefrau) ist (?:deutsch\w*|eu)",
        r"married to (?:a |an )?(?:german|eu)\w*",
        r"my (?:husband|wife|spouse) is (?:a |an )?(?:german|eu)\w*",
        r"family member of (?:a |an )?(?:german|eu)\w*",
        r"residence card",
        r"(?:زوجي|زوجتي) (?:ألماني|ألمانية|أوروبي|أوروبية)",
        r"(?:متزوج|متزوجة) (?:من|ب) (?:ألماني|ألمانية|أوروبي|أوروبية)",
        r"همسرم (?:آلمانی|اروپایی)",
        r"(?:чоловік|дружина) (?:німець|німкеня|громадян\w*)",
        r"(?:муж|жена) (?:немец|немка|гражданин|гражданка)",
        r"(?:замужем за|женат на) (?:немц\w*|немк\w*)",
        r"(?:eşim|kocam|karım) alman\w*",
        r"alman (?:vatandaşıyla|biriyle) evli\w*",
    ),
    "german_citizen": words(
        r"ich bin (?:ein |eine )?deutsche[r]?",
        r"ich (?:habe|hab) (?:die )?deutsche staatsangehörigkeit",
        r"ich (?:habe|hab) einen deutschen (?:pass|reisepass)",
        r"ich bin (?:deutscher staatsbürger\w*|eingebürgert)",
        r"ich wurde eingebürgert",
        r"spätaussiedler\w*",
        r"(?:i'm|i am|im) (?:a )?german(?: citizen)?",
        r"i (?:have|hold) (?:a )?german (?:citizenship|passport)",
        r"i (?:was|got|have been) naturali[sz]ed",
        r"(?:عندي|معي|لدي|حاصل على|حصلت على) (?:ال)?جنسية (?:ال)?ألمانية",
        r"(?:أنا|انا) (?:ألماني|ألمانية|مواطن ألماني)",
        r"(?:جوازي|جواز سفري) ألماني",
        r"تجنست",
        r"(?:تابعیت|شهروندی) آلمان(?:ی)? (?:دارم|گرفتم)",
        r"(?:شهروند آلمان|آلمانی) هستم",
        r"(?:پاس|پاسپورت) آلمانی دارم",
        r"я громадян\w* німеччини",
        r"маю німецьк\w* (?:громадянство|паспорт)",
        r"я (?:німець|німкеня)",
        r"пізн\w* переселен\w*",
        r"я граждан\w* германии",
        r"у меня (?:есть )?немецк\w* (?:гражданство|паспорт)",
        r"я (?:немец|немка)",
        r"поздн\w* переселен\w*",
        r"шп[еэ]таусз?идлер\w*",
        r"alman vatandaş(?:ıyım|ıyız|lığım)",
        r"alman pasaportum",
        r"vatandaşlığa geçtim",
    ),
    "skilled_or_other_permit": words(
        r"blaue[n]? karte",
        r"blue card",
        r"(?:синя|синяя|блакитна|голубая|голуба) карт\w*",
        r"(?:ال)?بطاقة (?:ال)?زرقاء",
        r"(?:بلو کارت|کارت آبی)",
        r"mavi kart\w*",
        r"fachkräfte\w*visum",
        r"(?:skilled worker|student|work|working) visa",
        r"studentenvisum",
        r"studienvisum",
        r"arbeitsvisum",
        r"chancenkarte",
        r"opportunity card",
    ),
}

# People who say they hold a permit or that it ends: the general answer (extension,
# Fiktionsbescheinigung) fits them; they are not asked for their status.
HOLDS_PERMIT = words(
    r"fiktionsbescheinigung",
    r"\w*verlänger\w*",
    r"läuft (?:bald )?ab",
    r"abläuft",
    r"(?:extend|renew)\w*",
    r"(?:my|our) (?:residence )?(?:permit|visa|aufenthaltserlaubnis|aufenthaltstitel)",
    r"meine[n]? (?:aufenthaltserlaubnis|aufenthaltstitel)",
    r"expir\w*",
    r"[لب]?تجديد",
    r"b?t?jadd?(?:ed|id)\w*",  # transliterated Arabic: "bjadded", "tajdid"
    r"tajdid",
    r"tamdid\w*",  # transliterated Persian
    r"[اینت]?جدد\w*",
    r"تمدید",
    r"(?:قربت|رح|بدها) (?:ت)?خلص",
    r"تنتهي",
    r"تموم میشه",
    r"продл\w*",
    r"продовж\w*",
    r"(?:закінчується|заканчивается|истекает|спливає)",
    r"внж",
    r"uzat\w*",
    r"(?:bitiyor|doluyor|bitecek)",
)

UKRAINE = words(r"украин\w*", r"україн\w*", r"ukrain\w*", r"أوكرانيا", r"اوکراین", r"ukrayna\w*")
PROTECTION = words(
    r"schutz\w*", r"protection", r"захист\w*", r"защит\w*", r"حماية", r"حمایت", r"koruma\w*"
)

# --- where the person lives -----------------------------------------------------

OSNABRUECK = r"(?:osnabrück|osnabrueck|оснабрюк\w*|اوسنابروک|اسنابروک|أوسنابروك)"
CITY = words(
    rf"stadt {OSNABRUECK}",
    rf"{OSNABRUECK}[- ](?:stadt|innenstadt|city|zentrum)",
    rf"innenstadt (?:von )?{OSNABRUECK}",
    rf"stadtgebiet (?:von )?{OSNABRUECK}",
    rf"(?:the )?city of {OSNABRUECK}",
    rf"город\w* {OSNABRUECK}",
    rf"міст\w* {OSNABRUECK}",
    rf"(?:مدينة|مدينه) {OSNABRUECK}",
    rf"شهر {OSNABRUECK}",
    rf"{OSNABRUECK} (?:şehr\w*|şehir merkez\w*|merkez\w*)",
)
DISTRICT = words(
    rf"(?:land)?kreis {OSNABRUECK}",
    rf"(?:the )?district of {OSNABRUECK}",
    rf"{OSNABRUECK} district",
    r"im landkreis",
    rf"(?:район\w*|округ\w*) {OSNABRUECK}",
    rf"(?:منطقة|محافظة|ريف) {OSNABRUECK}",
    rf"(?:شهرستان|منطقه) {OSNABRUECK}",
    rf"{OSNABRUECK} (?:ilçe\w*|bölge\w*|kırsal\w*)",
)
ANY_OSNABRUECK = words(OSNABRUECK)
# Other spellings of the larger towns of the district.
TOWN_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Bramsche": ("брамше", "برامشه", "برامشة"),
    "Melle": ("мелле",),
    "Georgsmarienhütte": ("георгсмариенхютте", "георгсмарієнгютте"),
    "Quakenbrück": ("квакенбрюк", "كواكنبروك", "کواکنبروک"),
    "Wallenhorst": ("валленхорст", "فالنهورست"),
    "Belm": ("бельм",),
    "Bad Iburg": ("бад ибург", "бад ібург"),
}
# Names that are also ordinary words or other places: never matched alone.
AMBIGUOUS_NAMES = frozenset({"berge", "hagen", "neuenkirchen"})
# Towns outside the district people name, only with "I live in".
ELSEWHERE_TOWNS = words(
    "münster",
    "bielefeld",
    "bremen",
    "hamburg",
    "berlin",
    "hannover",
    "köln",
    "dortmund",
    "vechta",
    "lingen",
    "rheine",
    "ibbenbüren",
    "minden",
    "cloppenburg",
    "diepholz",
    "lübbecke",
    "herford",
    "oldenburg",
    "meppen",
    "nordhorn",
    "мюнстер",
    "билефельд",
    "білефельд",
    "бремен",
    "гамбург",
    "берлин",
    "берлін",
    "ганновер",
    "برلين",
    "برلین",
    "هامبورغ",
    "هامبورگ",
    "بريمن",
    "برمن",
)
LIVES = words(
    r"wohne\w*",
    r"lebe",
    r"live\w*",
    r"(?:i'm|i am) in",
    r"живу",
    r"проживаю",
    r"мешкаю",
    r"أسكن",
    r"ساكن\w*",
    r"أعيش",
    r"ساکن",
    r"زندگی می ?کنم",
    r"oturuyorum",
    r"yaşıyorum",
)
OUTSIDE = words(
    r"außerhalb des landkreises",
    r"nicht im landkreis",
    r"outside the district",
    r"another district",
    r"in einem anderen (?:land)?kreis",
)


@dataclass(frozen=True)
class Situation:
    """What one message says about the person; None where it says nothing clear."""

    status: str | None = None
    place: str | None = None
    town: str | None = None
    # "Osnabrück" without "city" or "district": ask which is meant.
    osnabrueck_unclear: bool = False
    # The person speaks of their permit (extend, it ends): the general answer fits.
    holds_permit: bool = False


def status_of(text: str) -> str | None:
    """The residence status the (folded) text states, or None when none or several."""
    found = {name for name, pattern in STATUS_WORDS.items() if pattern.search(text)}
    if FROM_EU.search(text):
        found.add("eu_citizen")
    if UKRAINE.search(text) and PROTECTION.search(text) and "refugee" not in found:
        found.add("temporary_protection")
    if "eu_family" in found:  # "my wife is German": the family member, not the citizen
        found -= {"german_citizen", "eu_citizen"}
    if "duldung" in found:  # "my asylum was rejected, now I have a Duldung"
        found.discard("asylum_seeker")
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return towns(places())


def towns(known: Places) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A pattern for every municipality: its spellings (ambiguous ones left out)."""
    pairs = []
    for municipality in known.municipalities:
        spellings = [s for s in municipality.spellings if fold(s) not in AMBIGUOUS_NAMES] + list(
            TOWN_SPELLINGS.get(municipality.name, ())
        )
        if spellings:
            pairs.append((words(*(re.escape(fold(s)) for s in spellings)), municipality.name))
    return tuple(pairs)


def place_of(text: str) -> tuple[str | None, str | None, bool]:
    """(place, town, "Osnabrück" unclear) for the folded text."""
    named = [name for pattern, name in _towns() if pattern.search(text)]
    # "Samtgemeinde Artland" and "Quakenbrück": the member is the more precise one.
    members = [n for n in named if not n.startswith("Samtgemeinde ")]
    town = (members or named)[0] if len(set(members or named)) == 1 else None
    city, district = bool(CITY.search(text)), bool(DISTRICT.search(text))
    outside = bool(OUTSIDE.search(text)) or bool(
        ELSEWHERE_TOWNS.search(text) and LIVES.search(text)
    )
    places_said = {
        p
        for p, said in (
            ("city_of_osnabrueck", city),
            ("district", district or bool(named)),
            ("elsewhere", outside),
        )
        if said
    }
    if len(places_said) != 1:
        unclear = not places_said and bool(ANY_OSNABRUECK.search(text))
        return None, None, unclear
    place = places_said.pop()
    return place, town if place == "district" else None, False


def recognise(text: str) -> Situation:
    """The status and the place the message states (None where it is not clear)."""
    folded = fold(text)
    place, town, unclear = place_of(folded)
    return Situation(
        status=status_of(folded),
        place=place,
        town=town,
        osnabrueck_unclear=unclear,
        holds_permit=bool(HOLDS_PERMIT.search(folded)),
    )
