"""Hand a conversation over to another service without ending it.

Why a route of its own: the person asked the wrong office (or the question turned out to
belong elsewhere). Ending the conversation would send them back to the assistant to ask
again; instead the handoff moves to the other service's queue with its transcript, the
claim is released, and the person is told in their language (bot/handoff/store.py,
`HandoffStore.transfer`).

Who may: staff who may see the conversation; once a staff member has taken it over, only
they (or an administrator) may pass it on, as with giving it back. Unknown or the same
service, a closed conversation and bad forms get a 4xx, never a 500.
"""

from __future__ import annotations

from aiohttp import web

from bot.content import SERVICES
from bot.staff.auth import checked_post
from bot.staff.conversation import conflict, page_of, tell, visible_handoff
from bot.staff.http import done
from bot.staff.stores import stores


async def transfer(request: web.Request) -> web.Response:
    session, form = await checked_post(request)
    handoff = await visible_handoff(request, session.staff)
    if not handoff.is_open:
        raise conflict(request, handoff, "closed")
    if handoff.claimed_by not in (None, session.staff.id) and not session.staff.is_admin:
        raise conflict(request, handoff, "not_claimed")
    target = str(form.get("service") or "")
    if target not in SERVICES or target == handoff.service:
        return done(request, page_of(handoff, "bad_service"), {"error": "bad_service"}, 422)
    s = stores(request)
    moved = await s.handoffs.run(s.handoffs.transfer, handoff.id, session.staff.id, target)
    if moved is None:  # closed or moved by someone else meanwhile
        raise conflict(request, handoff, "closed")
    await tell(request, moved)
    # The queue confirms it ("Gespräch #4 wurde an … übergeben", bot/staff/queue.py).
    queue = f"/staff?handed_over={moved.id}&to={moved.service}"
    return done(request, queue, {"ok": True, "service": moved.service, "status": moved.status})
