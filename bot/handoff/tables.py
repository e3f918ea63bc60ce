"""Tables of the handoff to staff and of staff accounts (same database as bookings).

Why in the database: whether a person or the bot answers a conversation must
survive restarts and be the same for every `bot/` process running side by side.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from bot.booking.db import UTCDateTime, metadata

OPEN_STATES = ("waiting", "claimed")

staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False),
    Column("password_hash", Text, nullable=False),
    # Space-separated service keys the person works for; admins see every service.
    Column("services", String(255), nullable=False, default=""),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("ui_language", String(8), nullable=False, default="de"),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    # Only a hash of the cookie's token is stored: a leaked table opens no session.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "staff_id", Integer, ForeignKey("staff.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
)

# Recent failed logins per key (a name and address together, an address, a name), for
# the console's growing delays (bot/staff/accounts.py). The key is a SHA-256 hash, so the
# table holds no plain address or name; `seq` changes with every update (compare-and-set).
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("last_at", UTCDateTime(), nullable=False, index=True),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("language", String(8), nullable=False),
    Column("service", String(64), nullable=False),
    # The contract intent the conversation was last about (e.g. ask_work_permit), if any.
    Column("topic", String(64), nullable=True),
    Column("status", String(16), nullable=False),  # waiting | claimed | closed
    # Requested outside staffed hours: the user was told "next working day".
    Column("offline", Boolean, nullable=False, default=False),
    Column("requested_at", UTCDateTime(), nullable=False),
    Column("claimed_at", UTCDateTime(), nullable=True),
    Column("claimed_by", Integer, ForeignKey("staff.id", ondelete="SET NULL"), nullable=True),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("closed_by", String(16), nullable=True),  # staff | user
    # When Rasa's tracker was resumed after closing (NULL: still to do).
    Column("resumed_at", UTCDateTime(), nullable=True),
    # The claimer has read the transcript up to this message id (unread counts).
    Column("seen_message_id", Integer, nullable=False, default=0),
    # At most one open handoff per conversation, whatever process creates it.
    Index(
        "uq_handoffs_open_conversation",
        "conversation_id",
        unique=True,
        sqlite_where=text("status != 'closed'"),
        postgresql_where=text("status != 'closed'"),
    ),
)

handoff_messages = Table(
    "handoff_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "handoff_id",
        Integer,
        ForeignKey("handoffs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("sender", String(16), nullable=False),  # user | bot | staff | system
    Column("staff_id", Integer, ForeignKey("staff.id", ondelete="SET NULL"), nullable=True),
    # What the user wrote or received (a canned reply: in the user's language).
    Column("text", Text, nullable=False),
    # A canned reply's German text, shown to staff beside what the user received.
    Column("original", Text, nullable=True),
    Column("language", String(8), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    # Staff messages are also written into Rasa's tracker; False until that worked.
    Column("in_tracker", Boolean, nullable=False, default=True),
)
