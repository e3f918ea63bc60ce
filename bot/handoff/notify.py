"""E-mail to staff when someone has waited a while and nobody in the console took it.

Why: staff are not always looking at the console; a person who asked for help should
not wait unseen. One e-mail per handoff (the store remembers it, also across restarts
and replicas: `waiting_notified_at`, taken before sending, given back if sending fails,
so the next round tries again).

What it says: only "someone waits in queue <service> since <time>" and a link to the
console; never what the person wrote, their language, name or channel (docs/privacy.md).

When: only while the service's chat hours run (bot/handoff/hours.py), and only when they
have run for the whole wait too. Outside chat hours nobody is expected in the console and
the person was told "next working day", so an e-mail at night helps nobody; at the start
of the chat hours staff get `after_minutes` to open the console before an e-mail goes out
for those who waited overnight. A handoff passed on to another service is e-mailed again,
to the new service.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from email.message import EmailMessage

import aiosmtplib
from aiohttp import web

from bot.handoff.hours import StaffedHours, staffed_hours
from bot.handoff.store import Handoff, HandoffStore
from bot.settings import Settings, SmtpSettings
from bot.staff import ui
from bot.web.app_keys import HANDOFF_STORE, SETTINGS

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60.0
SMTP_TIMEOUT_SECONDS = 15.0
LANGUAGE = "de"  # the offices' working language (the staff catalog also has English)


def console_base(settings: Settings) -> str:
    """Where staff reach the console: the public origin, else this machine (`make run`)."""
    if settings.public_origins:
        return settings.public_origins[0]
    return f"http://localhost:{settings.port}"


class WaitingNotifier:
    def __init__(
        self,
        store: HandoffStore,
        smtp: SmtpSettings,
        console_url: str,
        hours: StaffedHours | None = None,
    ) -> None:
        self.store = store
        self.smtp = smtp
        self.console_url = console_url.rstrip("/")
        self.hours = hours or staffed_hours()
        self.wait = timedelta(minutes=smtp.after_minutes)

    def is_due(self, handoff: Handoff, now: datetime) -> bool:
        """Waited long enough, within chat hours that also ran for the whole wait."""
        service = handoff.service
        return (
            bool(self.smtp.addresses(service))
            and handoff.requested_at <= now - self.wait
            and self.hours.is_staffed(service, now)
            and self.hours.is_staffed(service, now - self.wait)
        )

    async def run_once(self) -> int:
        """Send what is due; how many e-mails went out."""
        now = self.store.clock()
        waiting = await self.store.run(self.store.waiting_since, now - self.wait)
        sent = 0
        for handoff in waiting:
            if not self.is_due(handoff, now):
                continue
            if not await self.store.run(self.store.mark_notified, handoff.id):
                continue  # another process took it
            if await self.send(handoff):
                sent += 1
            else:
                await self.store.run(self.store.unmark_notified, handoff.id)
        return sent

    def message(self, handoff: Handoff) -> EmailMessage:
        t = ui.gettext(LANGUAGE)
        queue = ui.service_label(handoff.service, LANGUAGE)
        since = ui.moment(handoff.requested_at, LANGUAGE)
        link = f"{self.console_url}/staff/conversations/{handoff.id}"
        mail = EmailMessage()
        mail["Subject"] = t("Komm Mit: someone waits in the queue {queue}", queue=queue)
        mail["From"] = self.smtp.sender
        mail["To"] = ", ".join(self.smtp.addresses(handoff.service))
        mail.set_content(
            "\n\n".join(
                [
                    t(
                        "Someone waits in the queue {queue} since {since}.",
                        queue=queue,
                        since=since,
                    ),
                    t("Open the staff console: {link}", link=link),
                    t(
                        "This e-mail is sent once per waiting person and contains no message "
                        "and no personal data."
                    ),
                ]
            )
            + "\n"
        )
        return mail

    async def send(self, handoff: Handoff) -> bool:
        """True when the mail server took the e-mail; errors are logged, never raised."""
        smtp = self.smtp
        try:
            await aiosmtplib.send(
                self.message(handoff),
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.user,
                password=smtp.password,
                start_tls=smtp.starttls,
                timeout=SMTP_TIMEOUT_SECONDS,
            )
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as error:
            log.warning(
                "e-mail about waiting handoff %s not sent (retried later): %s", handoff.id, error
            )
            return False
        log.info("staff of %s told by e-mail that handoff %s waits", handoff.service, handoff.id)
        return True


async def notify_regularly(app: web.Application) -> AsyncIterator[None]:
    """The app's background task (cleanup context): a round every minute, if configured."""
    settings = app[SETTINGS]
    if settings.smtp is None:
        yield
        return
    notifier = WaitingNotifier(app[HANDOFF_STORE], settings.smtp, console_base(settings))

    async def loop() -> None:
        while True:
            try:
                await notifier.run_once()
            except Exception:  # a database hiccup must not stop the service; retry later
                log.exception("telling staff about waiting handoffs failed")
            await asyncio.sleep(INTERVAL_SECONDS)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
