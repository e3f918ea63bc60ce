"""`python -m bot staff ...`: staff accounts are created by an administrator on the server.

Why a command line and no sign-up page: who may read newcomers' conversations is
decided by the district, not by whoever finds the console.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from bot.db.migrate import upgrade
from bot.staff.accounts import AccountError, staff_accounts


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise AccountError("the passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    # An administrator may add the first accounts before the service has ever started
    # (`make run` migrates too): the tables are made or brought up to date first.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    upgrade()
    accounts = staff_accounts()
    try:
        if args.action == "add":
            person = accounts.create(
                args.username,
                read_password(args.password_stdin),
                display_name=args.name,
                services=args.service,
                is_admin=args.admin,
                ui_language=args.language,
            )
            print(f"created {person.username} ({', '.join(person.visible_services)})")
        elif args.action == "password":
            accounts.set_password(args.username, read_password(args.password_stdin))
            print(f"new password set for {args.username}")
        elif args.action == "services":
            accounts.set_services(args.username, args.service, args.admin)
            print(f"changed the services of {args.username}")
        elif args.action == "disable":
            accounts.disable(args.username)
            print(f"disabled {args.username}")
        elif args.action == "list":
            for person in accounts.all():
                role = "admin" if person.is_admin else " ".join(person.services)
                state = "" if person.active else " (disabled)"
                print(f"{person.username}\t{person.display_name}\t{role}{state}")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
