"""`action_track_turn`: what Rasa asks the action server after every message, in one call.

Why one action: Rasa sends the whole conversation to the action server for every custom
slot mapping action it runs, and it ran two per message (the context and the situation);
under load those calls were a tenth of the Rasa process's time (docs/performance.md).
Rasa runs custom slot mapping actions on the same tracker one after the other, so the
events of both, in their order, are what the two calls returned.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.action import Dispatcher, Domain, Events, NamedAction
from actions.context import ActionTrackContext
from actions.situation import ActionTrackSituation


class ActionTrackTurn(NamedAction):
    action_name = "action_track_turn"

    async def run(self, dispatcher: Dispatcher, tracker: Tracker, domain: Domain) -> Events:
        context = await ActionTrackContext().run(dispatcher, tracker, domain)
        situation = await ActionTrackSituation().run(dispatcher, tracker, domain)
        return [*context, *situation]
