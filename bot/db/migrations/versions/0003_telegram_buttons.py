"""Telegram button payloads longer than 64 bytes, shared by every bot/ replica."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.columns import UTCDateTime

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "telegram_buttons",
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token", name="pk_telegram_buttons"),
    )


def downgrade() -> None:
    op.drop_table("telegram_buttons")
