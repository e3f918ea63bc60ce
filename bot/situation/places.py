"""The district's municipalities and the city of Osnabrück's offices (`places.yml`).

Why a small loader of its own: the recogniser needs the names (and spellings people
use), the answers need the registration office of a town and the city's offices;
a fact flagged `placeholder: true` reads as None, as in `bot/content.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PLACES_FILE = Path(__file__).resolve().parent.parent / "content" / "places.yml"


def known(node: Any) -> str | None:
    """A leaf fact's value, or None when it is a placeholder or missing."""
    if isinstance(node, dict) and not node.get("placeholder") and node.get("value"):
        return str(node["value"])
    return None


@dataclass(frozen=True)
class Municipality:
    name: str
    kind: str
    samtgemeinde: str | None
    aliases: tuple[str, ...]
    town_hall: str | None
    registration_office_url: str | None

    @property
    def spellings(self) -> tuple[str, ...]:
        """The official name, the name without "Samtgemeinde", and the aliases."""
        short = self.name.removeprefix("Samtgemeinde ").strip()
        return tuple(dict.fromkeys((self.name, short, *self.aliases)))


@dataclass(frozen=True)
class Office:
    name: str | None
    address: str | None
    phone: str | None
    url: str | None


@dataclass(frozen=True)
class Places:
    municipalities: tuple[Municipality, ...]
    city_offices: dict[str, Office]

    def municipality(self, name: str | None) -> Municipality | None:
        return next((m for m in self.municipalities if m.name == name), None)

    def registering(self, name: str | None) -> Municipality | None:
        """Where a person of municipality `name` registers: the members of a
        Samtgemeinde register at the Samtgemeinde's office (Lower Saxony)."""
        found = self.municipality(name)
        if found is not None and found.samtgemeinde:
            return self.municipality(found.samtgemeinde) or found
        return found


def _municipality(row: dict[str, Any]) -> Municipality:
    return Municipality(
        name=str(row["name"]),
        kind=str(row.get("kind") or "municipality"),
        samtgemeinde=str(row["samtgemeinde"]) if row.get("samtgemeinde") else None,
        aliases=tuple(str(alias) for alias in row.get("aliases") or ()),
        town_hall=known(row.get("town_hall")),
        registration_office_url=known(row.get("registration_office_url")),
    )


def _office(node: dict[str, Any]) -> Office:
    return Office(
        name=known(node.get("name")),
        address=known(node.get("address")),
        phone=known(node.get("phone")),
        url=known(node.get("url")),
    )


def parse(data: dict[str, Any]) -> Places:
    city = data.get("city_of_osnabrueck") or {}
    return Places(
        municipalities=tuple(
            _municipality(row) for row in data.get("district_municipalities") or ()
        ),
        city_offices={key: _office(node) for key, node in city.items() if isinstance(node, dict)},
    )


@lru_cache(maxsize=1)
def places() -> Places:
    """The places file, read once per process (restart to pick up edits)."""
    with PLACES_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle) or {})
