"""Appointments, desk cells (capacity), waiting list, outbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.columns import UTCDateTime, concern, recipient

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False),
        *recipient(),
        *concern(),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("desk", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contact_name", sa.Text(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_appointments"),
        sa.UniqueConstraint("reference", name="uq_appointments_reference"),
    )
    op.create_index("ix_appointments_conversation_id", "appointments", ["conversation_id"])
    op.create_index("ix_appointments_service_starts_at", "appointments", ["service", "starts_at"])
    op.create_table(
        "desk_cells",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("desk", sa.Integer(), nullable=False),
        sa.Column("cell_start", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_desk_cells"),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name="fk_desk_cells_appointment_id_appointments",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("service", "desk", "cell_start", name="uq_desk_cells_seat"),
    )
    op.create_index("ix_desk_cells_appointment_id", "desk_cells", ["appointment_id"])
    op.create_table(
        "waitlist",
        sa.Column("id", sa.Integer(), primary_key=True),
        *recipient(),
        *concern(),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("notified_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_waitlist"),
        sa.UniqueConstraint("conversation_id", "service", "concern", name="uq_waitlist_person"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        *recipient(),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_conversation_id", "outbox", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("waitlist")
    op.drop_table("desk_cells")
    op.drop_table("appointments")
