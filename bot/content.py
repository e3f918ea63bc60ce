"""Load the facts file (`bot/content/services.yml`) and answer "is this fact known?".

Why: answers must never guess. A fact flagged `placeholder: true` reads as None,
and the renderer then tells the user to ask at the office.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "services.yml"
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
