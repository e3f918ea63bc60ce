"""Every table of the application database, in one MetaData.

Why SQLAlchemy Core on the 1.4 line: Rasa pins it, and the same code must run on
SQLite (embedded default) and PostgreSQL (one URL). The schema is created and
changed only by Alembic migrations (`python -m bot migrate`, bot/db/migrations/),
never by `create_all` in production code; tests check the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from bot.db.columns import UTCDateTime, concern, recipient

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# --- bookings (bot/booking/store.py) ---------------------------------------------------------

appointments = Table(
    "appointments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    *recipient(indexed=True),
    *concern(),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("desk", Integer, nullable=False),
    Column("status", String(16), nullable=False, default="booked"),
    Column("contact_name", Text, nullable=True),
    Column("contact", Text, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("cancelled_at", UTCDateTime(), nullable=True),
    # Who booked, for the booking limits: a keyed hash of the client's address or channel
    # user (bot/web/client_key.py), never the address itself; None for staff bookings.
    Column("client", String(40), nullable=True),
    Index("ix_appointments_service_starts_at", "service", "starts_at"),
    Index("ix_appointments_client_created_at", "client", "created_at"),
)

# One row per occupied grid cell of a desk. The unique constraint is what makes a
# double booking impossible: two transactions cannot both insert the same cell.
desk_cells = Table(
    "desk_cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "appointment_id",
        Integer,
        ForeignKey("appointments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("service", String(64), nullable=False),
    Column("desk", Integer, nullable=False),
    Column("cell_start", UTCDateTime(), nullable=False),
    UniqueConstraint("service", "desk", "cell_start", name="uq_desk_cells_seat"),
)

waitlist = Table(
    "waitlist",
    metadata,
    Column("id", Integer, primary_key=True),
    *recipient(),
    *concern(),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("notified_at", UTCDateTime(), nullable=True),
    UniqueConstraint("conversation_id", "service", "concern", name="uq_waitlist_person"),
)

# --- the outbox (bot/db/outbox.py) -----------------------------------------------------------

# Messages for a user that arrive outside a turn (e.g. "a time became free").
# Each channel delivers and marks them; the web chat polls for them.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    *recipient(indexed=True),
    Column("kind", String(64), nullable=False),
    Column("arguments", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("delivered_at", UTCDateTime(), nullable=True),
)

# --- staff accounts (bot/staff/accounts.py) --------------------------------------------------

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
# the console's growing delays. The key is a SHA-256 hash, so the table holds no plain
# address or name; `seq` changes with every update (compare-and-set).
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("last_at", UTCDateTime(), nullable=False, index=True),
)

# --- handoffs to staff (bot/handoff/store.py) ------------------------------------------------

# Whether a person or the bot answers a conversation is kept here, so it survives
# restarts and is the same for every `bot/` process running side by side.
handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    *recipient(indexed=True),
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
    # When the service's staff were told by e-mail that the person waits (bot/handoff/notify.py;
    # NULL: not yet). Reset when the handoff moves to another service.
    Column("waiting_notified_at", UTCDateTime(), nullable=True),
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
    # JSON for the console (bot/staff/transcript.py): an answer's response name and the
    # values it used, or what the assistant understood of a message of the person.
    Column("details", Text, nullable=True),
)

# --- Telegram buttons (bot/telegram/buttons.py) ----------------------------------------------

# Button payloads longer than Telegram's 64 bytes of callback data, by a random token.
telegram_buttons = Table(
    "telegram_buttons",
    metadata,
    Column("token", String(32), primary_key=True),
    Column("payload", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)
