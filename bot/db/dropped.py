"""Tables the application no longer has, as the migration that made them created them.

Why here: the migration that dropped a table re-creates it on downgrade exactly as it
was, so that migration and the one that first created it share this code. Frozen, like
columns.py: a migration that ran once must never change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.columns import UTCDateTime


def create_login_failures() -> None:
    """`login_failures` of migration 0002 (one row per failed login), replaced by
    `login_throttle` in 0004."""
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_username", "login_failures", ["username"])
    op.create_index("ix_login_failures_address", "login_failures", ["address"])
