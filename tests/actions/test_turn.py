"""action_track_turn: the context's and the situation's slot events of one message, in
that order, from one call of the action server."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import ActionTrackTurn
from tests.actions.test_situation import tracker, user


async def test_a_romanian_in_melle_asking_in_english_gets_both_kinds_of_slots() -> None:
    said = user(
        "Hi, I'm from Romania and live in Melle. Do I need a work permit?", "ask_work_permit"
    )
    said["parse_data"]["metadata"] = {"detected_language": "en"}  # as bot/ sends it
    dispatcher = CollectingDispatcher()
    events = await ActionTrackTurn().run(dispatcher, tracker([said], language="de"), {})
    assert dispatcher.messages == []
    assert events == [
        SlotSet("language", "en"),
        SlotSet("previous_language", "de"),
        SlotSet("service", "foreigners_office"),
        SlotSet("topic", "ask_work_permit"),
        SlotSet("residence_status", "eu_citizen"),
        SlotSet("residence_place", "district"),
        SlotSet("residence_town", "Melle"),
    ]


async def test_a_button_sets_nothing_from_its_payload_text() -> None:
    pressed = user('/inform_situation{"residence_status": "duldung"}', "inform_situation")
    events = await ActionTrackTurn().run(CollectingDispatcher(), tracker([pressed]), {})
    assert not any(event["name"].startswith("residence_") for event in events)
