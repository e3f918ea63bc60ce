"""Login throttling per name and address, per address and per name (growing delays).

Replaces `login_failures` (one row per failure, counted and inserted in two steps) with
one counter row per key that each attempt updates by compare-and-set before the
password is checked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.columns import UTCDateTime
from bot.db.dropped import create_login_failures

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_login_throttle"),
    )
    op.create_index("ix_login_throttle_last_at", "login_throttle", ["last_at"])
    op.drop_index("ix_login_failures_address", table_name="login_failures")
    op.drop_index("ix_login_failures_username", table_name="login_failures")
    op.drop_table("login_failures")


def downgrade() -> None:
    create_login_failures()
    op.drop_index("ix_login_throttle_last_at", table_name="login_throttle")
    op.drop_table("login_throttle")
