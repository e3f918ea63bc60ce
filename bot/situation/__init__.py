"""The person's situation: residence status and where they live (issue 17).

`recognise` reads it from the person's own words (word lists per language, no
trained model); `places` reads the district's municipalities and the city of
Osnabrück's offices from `bot/content/places.yml`. The slots that keep it for the
conversation are set by `actions/situation.py`.
"""

from __future__ import annotations

STATUSES: tuple[str, ...] = (
    "eu_citizen",
    "eu_family",
    "temporary_protection",
    "asylum_seeker",
    "duldung",
    "refugee",
    "skilled_or_other_permit",
    "german_citizen",
)
PLACES: tuple[str, ...] = ("district", "city_of_osnabrueck", "elsewhere")
