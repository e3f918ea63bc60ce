"""Who sends a message, as far as limits need to know: a keyed hash, never the raw value.

Why: a web conversation id costs nothing, so limits that must hold for a person or a
script (bookings per address, messages per address) need the client's address, and
on Telegram the user id. These keys travel to Rasa in the message metadata (stored in
the tracker), into the appointments table and into Redis, so they are HMAC-SHA256
digests under a key derived from the deployment's internal token: the same on every
replica, not reversible without the token (an IPv4 address could be found by trying
all of them against a plain hash), and they change when the token is replaced.

An IPv6 address counts as its /64 network: one line or device usually has a whole /64
and could otherwise change its address for every request.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from bot.internal_auth import internal_token

ADDRESS = "a-"  # the prefix of keys of client addresses (web chat)
USER = "u-"  # the prefix of keys of channel users (Telegram)
_LABEL = b"komm-mit client keys v1"


@lru_cache(maxsize=4)
def _key(token: str) -> bytes:
    return hmac.new(token.encode(), _LABEL, hashlib.sha256).digest()


def _digest(kind: str, value: str) -> str:
    mac = hmac.new(_key(internal_token()), f"{kind}\0{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def network_of(address: str) -> str:
    """An IPv4 address as it is, an IPv6 address as its /64 (an IPv4-mapped one as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_key(address: str) -> str:
    """The key of a client address, e.g. `a-3f2c…` (34 characters)."""
    return ADDRESS + _digest("address", network_of(address))


def user_key(channel: str, user_id: int | str) -> str:
    """The key of a channel's user (Telegram: the user id)."""
    return USER + _digest(f"user:{channel}", str(user_id))


def conversation_key(conversation_id: str) -> str:
    """A conversation id as a key for shared counters (Redis never sees the id itself)."""
    return "c-" + _digest("conversation", conversation_id)


def kind_of(client: str | None) -> str | None:
    """The kind of a key made here ("address" or "user"); None for anything else."""
    if not client:
        return None
    if client.startswith(ADDRESS):
        return "address"
    if client.startswith(USER):
        return "user"
    return None
