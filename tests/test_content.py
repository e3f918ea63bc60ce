"""The facts file: every fact sourced or flagged, every contract intent answered."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.content import (
    CONTENT_FILE,
    PLACES_FILE,
    REFERRALS_FILE,
    SERVICES,
    Content,
    content,
    places,
    referrals,
)
from bot.texts import RENDERERS, Context, render
from tests.conftest import ROOT


def facts(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every leaf fact (a mapping with `value`) with its dotted path."""
    if isinstance(node, dict) and "value" in node:
        return [(path, node)]
    if isinstance(node, dict):
        found = []
        for key, child in node.items():
            found += facts(child, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(node, list):
        return [
            fact for index, child in enumerate(node) for fact in facts(child, f"{path}[{index}]")
        ]
    return []


def test_every_fact_has_a_source_or_is_a_placeholder() -> None:
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    all_facts = facts(data)
    assert len(all_facts) > 30
    for path, fact in all_facts:
        if fact.get("placeholder"):
            assert fact["value"] is None, f"{path}: a placeholder must not carry a value"
        else:
            assert fact.get("source"), f"{path}: a stated fact needs a source"
            assert fact["value"] is not None, f"{path}: no value and not a placeholder"


def test_placeholders_read_as_unknown() -> None:
    facts_file = content()
    assert facts_file.service_fact("foreigners_office", "phone") is None
    assert facts_file.fact("kreishaus.address") == "Am Schölerberg 1, 49082 Osnabrück"


def test_every_topic_intent_belongs_to_exactly_one_service(contract: dict[str, Any]) -> None:
    topics = content().raw["topics"]
    owners: dict[str, list[str]] = {}
    for service in SERVICES:
        for intent in topics[service]:
            assert intent in contract["intents"], intent
            owners.setdefault(intent, []).append(service)
    assert all(len(services) == 1 for services in owners.values())


def rules() -> dict[str, str]:
    """intent -> the action its rule answers with."""
    data = yaml.safe_load((ROOT / "stories" / "rules.yml").read_text(encoding="utf-8"))
    answer = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        if "intent" in steps[0] and "action" in steps[1]:
            answer.setdefault(steps[0]["intent"], steps[1]["action"])
    return answer


def test_every_contract_intent_has_an_answer(contract: dict[str, Any]) -> None:
    answers = rules()
    for intent in contract["intents"]:
        assert intent in answers, f"no rule answers {intent}"
        action = answers[intent]
        assert action in RENDERERS or action.startswith("action_"), action


def test_unknown_opening_hours_send_the_user_to_the_office() -> None:
    reply = render(
        "utter_opening_hours", Context(lang="en", entities={"service": "migration_centre"})
    )
    assert "do not have confirmed opening hours" in reply.text
    assert "massarbeit.de" in reply.text


def test_known_opening_hours_are_formatted_for_the_locale() -> None:
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    data["services"]["foreigners_office"]["opening_hours"] = {
        "value": [{"day": "mon", "from": "08:00", "to": "12:30"}],
        "source": "test",
    }
    ctx = Context(lang="de", entities={"service": "foreigners_office"}, facts=Content(data))
    text = render("utter_opening_hours", ctx).text
    assert "Montag: 08:00 – 12:30" in text
    ar = render(
        "utter_opening_hours",
        Context(lang="ar", entities={"service": "foreigners_office"}, facts=Content(data)),
    ).text
    assert "الاثنين" in ar


# --- every fact has an address and a date, or is a placeholder (issue 17) ---

ADDRESS = re.compile(r"^(https?://\S+|seeds/\S+|nlu-contract)")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LANGS = ("de", "en", "ar", "fa", "uk", "ru", "tr")


def source_problems(where: str, node: dict[str, Any]) -> list[str]:
    """Why `node` (a fact or a referral) is neither sourced and dated nor a placeholder."""
    if node.get("placeholder"):
        return [] if node.get("value") is None else [f"{where}: a placeholder carries a value"]
    sources = node.get("source")
    addresses = sources if isinstance(sources, list) else [sources]
    problems = [
        f"{where}: source {item!r} is not an address (http(s) URL, seeds/… or nlu-contract)"
        for item in addresses
        if not isinstance(item, str) or not ADDRESS.match(item)
    ]
    if not DATE.match(str(node.get("read", ""))):
        problems.append(f"{where}: no `read` date (YYYY-MM-DD)")
    return problems


def content_facts(path: Path) -> list[tuple[str, dict[str, Any]]]:
    return facts(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_every_service_and_place_fact_has_an_address_and_a_date_or_is_a_placeholder() -> None:
    found = content_facts(CONTENT_FILE) + content_facts(PLACES_FILE)
    assert len(found) > 100
    problems = [problem for path, fact in found for problem in source_problems(path, fact)]
    assert problems == []


def test_every_referral_has_an_address_and_a_date_or_is_a_placeholder() -> None:
    data = yaml.safe_load(REFERRALS_FILE.read_text(encoding="utf-8"))
    problems = [
        problem for item in data["referrals"] for problem in source_problems(item["key"], item)
    ]
    assert problems == []


def test_a_fact_without_an_address_or_date_is_caught() -> None:
    assert source_problems("x", {"value": 1, "source": "Official website", "read": "2026-12-07"})
    assert source_problems("x", {"value": 1, "source": "https://example.org"})
    assert source_problems("x", {"value": 1, "placeholder": True})
    assert not source_problems("x", {"value": None, "placeholder": True})
    assert not source_problems("x", {"value": 1, "source": ["seeds/000"], "read": "2026-12-07"})


def test_the_kreishaus_switchboard_is_known_and_the_service_lines_are_not_invented() -> None:
    facts_file = content()
    assert facts_file.fact("kreishaus.switchboard_phone") == "0541 501-0"
    for service in SERVICES:
        assert facts_file.service_fact(service, "phone") is None


def all_unconfirmed(service: str) -> Content:
    """The facts file with every fact of `service` (and the Kreishaus room/bus) unknown."""
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    for name in list(data["services"][service]):
        if name not in ("official_name", "website"):
            data["services"][service][name] = {"value": None, "placeholder": True}
    data["kreishaus"]["public_transport"] = {"value": None, "placeholder": True}
    return Content(data)


def test_answers_from_unconfirmed_facts_still_offer_a_next_step() -> None:
    """A link the person can open, or a button that books: never "ask at the office" alone."""
    for service in SERVICES:
        facts_file = all_unconfirmed(service)
        for lang in LANGS:
            ctx = Context(lang=lang, entities={"service": service}, facts=facts_file)
            for answer in ("utter_contact", "utter_opening_hours", "utter_location"):
                reply = render(answer, ctx)
                links = re.findall(r"https?://\S+", reply.text)
                booking = [b for b in reply.buttons if "book_appointment" in b.payload]
                assert links or booking, (service, lang, answer, reply.text)
                if answer == "utter_contact":
                    sites = ("landkreis-osnabrueck.de", "massarbeit.de")
                    assert any(site in link for link in links for site in sites), reply.text
                if answer == "utter_opening_hours":
                    assert booking, (service, lang)
                if answer == "utter_location":
                    assert "Schölerberg 1" in reply.text


# --- places and referrals ---


def test_the_district_has_its_34_municipalities_and_4_samtgemeinden() -> None:
    district = places()
    kinds = [item.kind for item in district.municipalities]
    assert kinds.count("samtgemeinde") == 4
    assert kinds.count("town") + kinds.count("municipality") == 17
    assert kinds.count("member") == 17
    samtgemeinden = {item.name for item in district.municipalities if item.kind == "samtgemeinde"}
    for item in district.municipalities:
        assert (item.samtgemeinde in samtgemeinden) == (item.kind == "member"), item.name
    assert district.municipality("Osnabrück") is None  # the city is not part of the Landkreis


def test_places_are_found_by_the_names_people_type() -> None:
    district = places()
    found = district.municipality("georgsmarienhuette")
    assert found is not None and found.name == "Georgsmarienhütte"
    quakenbrueck = district.municipality("Quakenbrück")
    assert quakenbrueck is not None and quakenbrueck.samtgemeinde == "Samtgemeinde Artland"
    dissen = district.municipality("dissen")
    assert dissen is not None and dissen.kind == "town"


def test_city_residents_have_their_own_foreigners_office() -> None:
    office = places().city_offices["foreigners_office"]
    assert office.name.known == "Ausländerbehörde der Stadt Osnabrück"
    assert office.phone is not None and office.phone.known == "0541 323-4500"
    assert "Natruper-Tor-Wall" in str(office.address.known)


def test_the_referral_directory_names_where_to_go_for_what_komm_mit_does_not_do() -> None:
    directory = referrals()
    for key in (
        "familienkasse",
        "registration_office",
        "city_foreigners_office",
        "city_job_centre",
        "bamf",
        "employment_agency",
        "police",
        "refugee_council",
    ):
        assert key in directory, key
    assert "Kindergeld" in directory["familienkasse"].what
    assert "Asyl" in directory["bamf"].what
    for entry in directory.values():
        if not entry.placeholder:
            assert entry.url or entry.phone or entry.places, entry.key


def test_what_is_their_phone_number_gives_the_kreishaus_switchboard_in_every_language() -> None:
    for lang in LANGS:
        for service in SERVICES:
            ctx = Context(lang=lang, entities={"service": service})
            text = render("utter_contact", ctx).text
            assert "0541 501-0" in text, (lang, service, text)
            assert "https://" in text
