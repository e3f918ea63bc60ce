"""`python -m bot`: serve the web service, migrate the database, print a staff agenda."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from typing import Any

from bot.settings import settings_or_exit


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve the chat API, the NLG endpoint and the demo page")
    sub.add_parser("migrate", help="create or upgrade the application database (Alembic)")
    agenda = sub.add_parser("agenda", help="print a service's appointments of one day")
    agenda.add_argument(
        "service", help="foreigners_office, migration_centre or integration_commissioner"
    )
    agenda.add_argument(
        "--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)"
    )
    agenda.add_argument("--csv", metavar="FILE", help="write CSV to FILE ('-' for stdout)")
    cancel = sub.add_parser("cancel", help="staff: cancel an appointment by its reference")
    cancel.add_argument("reference", help="e.g. KM-7Q4P; the person is told in their chat")
    staff_commands(sub)
    args = parser.parse_args()
    settings = settings_or_exit("python -m bot")
    from bot.logs import configure

    configure(settings.log)
    if args.command == "serve":
        from bot.web.app import create_app
        from bot.web.serve import serve

        app = create_app(settings)
        asyncio.run(serve(app, settings.host, settings.port, settings.header_timeout_seconds))
    elif args.command == "migrate":
        from bot.db.migrate import upgrade

        upgrade()
    elif args.command == "agenda":
        from bot.booking.agenda import agenda_rows, print_table, write_csv
        from bot.booking.store import booking_store

        store = booking_store()
        day = args.date or store.config.local(store.clock()).date()
        table = agenda_rows(store, args.service, day)
        if args.csv == "-":
            write_csv(table, sys.stdout)
        elif args.csv:
            with open(args.csv, "w", newline="", encoding="utf-8") as handle:
                write_csv(table, handle)
            print(f"wrote {len(table)} appointments to {args.csv}")
        else:
            print_table(args.service, day, table)
    elif args.command == "cancel":
        from bot.booking.store import NotFound, booking_store

        store = booking_store()
        try:
            item = store.cancel_by_staff(args.reference)
        except NotFound:
            raise SystemExit(f"no upcoming appointment {args.reference}") from None
        when = store.config.local(item.starts_at).strftime("%Y-%m-%d %H:%M")
        print(f"cancelled {item.reference} ({item.service}, {item.concern}, {when})")
    elif args.command == "staff":
        from bot.staff.cli import run

        raise SystemExit(run(args))


def staff_commands(sub: Any) -> None:
    """`python -m bot staff add|password|services|disable|list` (accounts of the console)."""
    staff = sub.add_parser("staff", help="accounts of the staff console (/staff)")
    actions = staff.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("username")
    add.add_argument("--name", help="name shown to colleagues (default: the user name)")
    add.add_argument(
        "--service",
        action="append",
        default=[],
        help="foreigners_office, migration_centre or integration_commissioner (repeatable)",
    )
    add.add_argument("--admin", action="store_true", help="sees every service's queue")
    add.add_argument("--language", default="de", choices=["de", "en"], help="console language")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    password = actions.add_parser("password", help="set a new password (ends open sessions)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    services = actions.add_parser("services", help="change which queues someone works on")
    services.add_argument("username")
    services.add_argument("--service", action="append", default=[])
    services.add_argument("--admin", action="store_true")
    disable = actions.add_parser("disable", help="block an account (ends open sessions)")
    disable.add_argument("username")
    actions.add_parser("list", help="list the accounts")


if __name__ == "__main__":
    main()
