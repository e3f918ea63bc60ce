"""The Rasa input channel that `bot/` talks to (loaded by Rasa via credentials.yml).

Why our own channel instead of Rasa's REST channel: the REST channel swallows
errors (answers 200 with nothing) and drops the fields our NLG adds (language,
direction). Here a failed turn answers 500, so the chat API can say "try again"
instead of showing half an answer, and every message keeps all of its fields.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.server import update_conversation_with_events
from rasa.shared.core.events import Event
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.internal_auth import HEADER, is_internal
from bot.logs import about_conversation
from bot.rasa_client import PARSE_REPORT
from rasa_ext import keepalive
from rasa_ext.startup import freeze_loaded_objects, prepare_rasa_process
from rasa_ext.tracker_cleanup import delete_conversation, delete_older_than

log = logging.getLogger(__name__)


class KeepAllOutputChannel(CollectingOutputChannel):
    """Collects bot messages exactly as produced (text, buttons and our NLG fields)."""

    @classmethod
    def name(cls) -> str:
        return "kommmit"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        kept = {key: value for key, value in message.items() if value not in (None, [], {})}
        kept.pop("timestamp", None)
        self.messages.append(kept)


# Of the latest message's parse data, what the console shows as "understood".
PARSE_KEYS = ("intent", "intent_ranking", "second_intent")


async def parse_report(agent: Any, sender: str, slots: list[Any]) -> dict[str, Any] | None:
    """What Rasa understood of the message just handled, read from its saved tracker through
    the tracker store's public `retrieve`: the intents and the values of the named slots
    (`bot/` asks for this while staff have the conversation, to show it to them). None when
    the tracker cannot be read; the turn itself has succeeded anyway."""
    try:
        tracker = await agent.tracker_store.retrieve(sender)
    except Exception:
        log.warning("could not read what was understood of a message", exc_info=True)
        return None
    latest = tracker.latest_message if tracker is not None else None
    if latest is None:
        return None
    parse = latest.parse_data or {}
    values = {
        name: tracker.slots[name].value
        for name in slots
        if isinstance(name, str) and name in tracker.slots
    }
    return {
        "parse_data": {key: parse[key] for key in PARSE_KEYS if parse.get(key)},
        "slots": {name: value for name, value in values.items() if value is not None},
    }


InternalHandler = Callable[[Request, dict[str, Any]], Awaitable[HTTPResponse]]


def internal_only(handler: InternalHandler) -> Callable[[Request], Awaitable[HTTPResponse]]:
    """A route for `bot/` only: 403 without the internal token, else `handler(request, body)`."""

    @functools.wraps(handler)
    async def checked(request: Request) -> HTTPResponse:
        if not is_internal(request.headers.get(HEADER)):
            return response.json({"error": "forbidden"}, status=403)
        return await handler(request, request.json if isinstance(request.json, dict) else {})

    return checked


class KommMitInput(InputChannel):
    """POST /webhooks/kommmit/webhook {"sender", "message", "metadata"}; GET .../ready.
    With "with_parse": [slot names] the reply ends with a custom payload saying what was
    understood (`parse_report`): a message written while staff have the conversation is
    not answered, but staff see what it was about.

    POST .../events {"sender", "events"} appends events to a tracker (the handoff to
    staff: staff messages, resuming the bot). Every POST route is for `bot/` only, with
    the internal token: `bot/` checks length and rate limits and owns the conversation
    ids, so a message sent straight to Rasa would bypass all of that.
    """

    @classmethod
    def name(cls) -> str:
        return "kommmit"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        prepare_rasa_process()  # before Rasa's start-up lines, so they are logged as ours
        hook = Blueprint("kommmit_webhook", __name__)

        @hook.listener("after_server_start")
        async def freeze_the_model(*_: Any) -> None:
            freeze_loaded_objects()  # after Rasa's "before_server_start" loaded the model

        @hook.listener("after_server_stop")
        async def close_kept_sessions(*_: Any) -> None:
            await keepalive.close_sessions()  # Rasa has no such hook for the NLG

        @hook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            is_ready = bool(agent and agent.is_ready())
            return response.json({"ready": is_ready}, status=200 if is_ready else 503)

        @hook.route("/webhook", methods=["POST"])
        @internal_only
        async def receive(request: Request, body: dict[str, Any]) -> HTTPResponse:
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not isinstance(text, str):
                return response.json({"error": "sender and message must be strings"}, status=400)
            about_conversation(sender)  # the turn's log lines show a tag, not the id
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = KeepAllOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text, collector, sender, input_channel=self.name(), metadata=metadata
                    )
                )
            except Exception:
                log.exception("turn failed for a conversation")
                return response.json({"error": "turn failed"}, status=500)
            wanted = body.get("with_parse")
            if isinstance(wanted, list):
                report = await parse_report(request.app.ctx.agent, sender, wanted)
                if report is not None:
                    collector.messages.append({"custom": {PARSE_REPORT: report}})
            return response.json(collector.messages)

        @hook.route("/events", methods=["POST"])
        @internal_only
        async def append(request: Request, body: dict[str, Any]) -> HTTPResponse:
            sender, raw = body.get("sender"), body.get("events")
            if not isinstance(sender, str) or not isinstance(raw, list):
                return response.json({"error": "sender and events are required"}, status=400)
            about_conversation(sender)
            events = [Event.from_parameters(e) if isinstance(e, dict) else None for e in raw]
            if not events or any(e is None for e in events):
                return response.json({"error": "unknown event"}, status=400)
            agent = request.app.ctx.agent
            if agent is None or not agent.is_ready():
                return response.json({"error": "not ready"}, status=503)
            try:
                async with agent.lock_store.lock(sender):
                    tracker = await update_conversation_with_events(
                        sender, agent.processor, agent.domain, events
                    )
                    await agent.tracker_store.save(tracker)
            except Exception:
                log.exception("appending events failed for a conversation")
                return response.json({"error": "append failed"}, status=500)
            return response.json({"paused": tracker.is_paused()})

        @hook.route("/forget", methods=["POST"])
        @internal_only
        async def forget(request: Request, body: dict[str, Any]) -> HTTPResponse:
            """Deletes one conversation's tracker ("delete my data")."""
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender:
                return response.json({"error": "sender is required"}, status=400)
            about_conversation(sender)
            agent = request.app.ctx.agent
            try:
                async with agent.lock_store.lock(sender):
                    removed = delete_conversation(agent.tracker_store, sender)
            except Exception:
                log.exception("deleting a conversation failed")
                return response.json({"error": "delete failed"}, status=500)
            return response.json({"removed_events": removed})

        @hook.route("/expire", methods=["POST"])
        @internal_only
        async def expire(request: Request, body: dict[str, Any]) -> HTTPResponse:
            """Deletes conversations without activity since `before` (Unix seconds)."""
            before = body.get("before")
            if not isinstance(before, (int, float)):
                return response.json({"error": "before is required"}, status=400)
            try:
                removed = delete_older_than(request.app.ctx.agent.tracker_store, float(before))
            except Exception:
                log.exception("expiring conversations failed")
                return response.json({"error": "expire failed"}, status=500)
            return response.json({"removed_conversations": removed})

        return hook
