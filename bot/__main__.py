"""`python -m bot serve`: run the Komm Mit web service."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.app import create_app
from bot.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve the chat API, the NLG endpoint and the demo page")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    if args.command == "serve":
        settings = Settings.from_env()
        web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
