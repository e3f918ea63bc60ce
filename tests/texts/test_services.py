"""The answers about the services in general: the Kreishaus on a map."""

from __future__ import annotations

from bot.content import Content, content
from bot.texts import Context, render


def test_location_carries_a_venue_only_with_confirmed_coordinates() -> None:
    assert render("utter_location", Context(lang="de")).venue is None  # placeholder today
    raw = dict(content().raw)
    raw["kreishaus"] = {
        **raw["kreishaus"],
        "coordinates": {"value": [52.25, 8.05], "source": "test"},
    }
    venue = render("utter_location", Context(lang="de", facts=Content(raw))).venue
    assert venue is not None and (venue.latitude, venue.longitude) == (52.25, 8.05)
    assert venue.address == "Am Schölerberg 1, 49082 Osnabrück"
