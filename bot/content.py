"""Load the facts file (`bot/content/services.yml`) and answer "is this fact known?".

Why: answers must never guess. A fact flagged `placeholder: true` reads as None,
and the renderer then tells the user to ask at the office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
CONTENT_FILE = CONTENT_DIR / "services.yml"
PLACES_FILE = CONTENT_DIR / "places.yml"
REFERRALS_FILE = CONTENT_DIR / "referrals.yml"
SERVICES: tuple[str, ...] = ("foreigners_office", "migration_centre", "integration_commissioner")


class Content:
    """Read-only view of the facts file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @classmethod
    def load(cls, path: Path = CONTENT_FILE) -> Content:
        with path.open(encoding="utf-8") as handle:
            return cls(yaml.safe_load(handle))

    @property
    def raw(self) -> dict[str, Any]:
        return self._data

    def fact(self, dotted: str) -> Any:
        """The value at `a.b.c`, or None when it is a placeholder or missing."""
        node: Any = self._data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        if isinstance(node, dict) and "value" in node:
            return None if node.get("placeholder") else node["value"]
        return None

    def service_fact(self, service: str, name: str) -> Any:
        return self.fact(f"services.{service}.{name}")

    def topic_service(self, intent: str | None) -> str | None:
        """The service responsible for a topic intent (see `topics` in the facts file)."""
        topics = self._data.get("topics", {})
        for service in SERVICES:
            if intent in topics.get(service, []):
                return service
        return None


@lru_cache(maxsize=1)
def content() -> Content:
    """The facts file, read once per process (restart `bot` to pick up edits)."""
    return Content.load()


@dataclass(frozen=True)
class Fact:
    """One leaf fact: a sourced value, or a placeholder (value None)."""

    value: Any = None
    source: str | list[str] | None = None
    read: str | None = None
    placeholder: bool = False
    note: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Fact:
        return cls(**data)

    @property
    def known(self) -> Any:
        """The value, or None while it is a placeholder."""
        return None if self.placeholder else self.value


Kind = Literal["town", "municipality", "samtgemeinde", "member"]


@dataclass(frozen=True)
class Municipality:
    """A town, municipality, Samtgemeinde or member municipality of the Landkreis."""

    name: str
    kind: Kind
    town_hall: Fact
    registration_office_url: Fact
    samtgemeinde: str | None = None
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict[str, Any]) -> Municipality:
        if data["kind"] not in ("town", "municipality", "samtgemeinde", "member"):
            raise ValueError(f"{data['name']}: unknown kind {data['kind']}")
        return cls(
            name=data["name"],
            kind=cast(Kind, data["kind"]),
            samtgemeinde=data.get("samtgemeinde"),
            aliases=tuple(data.get("aliases") or ()),
            town_hall=Fact.of(data["town_hall"]),
            registration_office_url=Fact.of(data["registration_office_url"]),
        )


@dataclass(frozen=True)
class Office:
    """One of the city of Osnabrück's own offices."""

    name: Fact
    address: Fact
    url: Fact
    phone: Fact | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Office:
        return cls(**{key: Fact.of(value) for key, value in data.items()})


@dataclass(frozen=True)
class Places:
    """`bot/content/places.yml`: where a person lives decides the responsible office."""

    municipalities: tuple[Municipality, ...]
    city_offices: dict[str, Office]
    list_source: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Places:
        return cls(
            municipalities=tuple(Municipality.of(item) for item in data["district_municipalities"]),
            city_offices={
                key: Office.of(value) for key, value in data["city_of_osnabrueck"].items()
            },
            list_source=dict(data.get("district_municipalities_source") or {}),
        )

    def municipality(self, name: str) -> Municipality | None:
        """The member of the Landkreis called `name` (official name or alias, any case)."""
        wanted = name.strip().casefold()
        for item in self.municipalities:
            if wanted in {item.name.casefold(), *(alias.casefold() for alias in item.aliases)}:
                return item
        return None


@dataclass(frozen=True)
class Referral:
    """An office or counselling service outside Komm Mit that people are sent to."""

    key: str
    name: str
    what: str
    url: str | None = None
    phone: str | None = None
    address: str | None = None
    places: str | None = None
    source: str | list[str] | None = None
    read: str | None = None
    placeholder: bool = False
    note: str | None = None


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def places() -> Places:
    """The places file, read once per process."""
    return Places.of(_read_yaml(PLACES_FILE))


@lru_cache(maxsize=1)
def referrals() -> dict[str, Referral]:
    """The referral directory by key, read once per process."""
    entries = [Referral(**item) for item in _read_yaml(REFERRALS_FILE)["referrals"]]
    return {entry.key: entry for entry in entries}
