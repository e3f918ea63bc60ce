"""Appointments remember who booked them (a keyed hash of the client's address or channel
user), so that bookings can be limited per address and per user, not only per conversation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("client", sa.String(40), nullable=True))
    op.create_index("ix_appointments_client_created_at", "appointments", ["client", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_appointments_client_created_at", table_name="appointments")
    with op.batch_alter_table("appointments") as batch:
        batch.drop_column("client")
