"""Transcript lines keep what the console needs to explain them to staff: for an answer of
the assistant its response name and the values it used (to render it again in the staff
member's language), for a message of the person what the assistant understood (JSON text,
deleted with the transcript).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("handoff_messages") as batch:
        batch.add_column(sa.Column("details", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("handoff_messages") as batch:
        batch.drop_column("details")
