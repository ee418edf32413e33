"""The first diary: profile, episodes with their assessments, daily entries, alerts.

Revision ID: r0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backcare.diary.models import UTCDateTime

revision: str = "r0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _entry_columns() -> list[sa.Column[object]]:
    """The columns every daily entry shares: its episode, its day and when it was written."""
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("episode_id", sa.Integer(), sa.ForeignKey("episodes.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(16), nullable=True),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_profile_single_row"),
    )
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("episode_id", sa.Integer(), sa.ForeignKey("episodes.id"), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("knowledge_base", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("intake", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
    )
    op.create_table(
        "check_ins",
        *_entry_columns(),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("pain", sa.Float(), nullable=False),
        sa.Column("spasms", sa.Integer(), nullable=True),
        sa.Column("movement", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.CheckConstraint("pain >= 0 AND pain <= 10", name="ck_check_ins_pain_range"),
        sa.CheckConstraint("spasms IS NULL OR spasms >= 0", name="ck_check_ins_spasms_range"),
        sa.CheckConstraint("movement IS NULL OR (movement >= 0 AND movement <= 10)",
                           name="ck_check_ins_movement_range"),
    )
    op.create_table(
        "therapy_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("episode_id", sa.Integer(), sa.ForeignKey("episodes.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("interrupted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('cold', 'heat')", name="ck_therapy_sessions_kind"),
        sa.CheckConstraint("ended_at >= started_at", name="ck_therapy_sessions_order"),
    )
    op.create_table(
        "exercises",
        *_entry_columns(),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
    )
    op.create_table(
        "water",
        *_entry_columns(),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("ml", sa.Integer(), nullable=False),
        sa.CheckConstraint("ml > 0", name="ck_water_ml_positive"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("episode_id", sa.Integer(), sa.ForeignKey("episodes.id"), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.String(16), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("knowledge_base", sa.String(64), nullable=False),
        sa.Column("check_in_id", sa.Integer(), sa.ForeignKey("check_ins.id"), nullable=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("therapy_sessions.id"),
                  nullable=True),
    )
    for table, column in (
        ("assessments", "episode_id"), ("check_ins", "episode_id"),
        ("therapy_sessions", "episode_id"), ("exercises", "episode_id"),
        ("water", "episode_id"), ("alerts", "episode_id"), ("alerts", "check_in_id"),
        ("alerts", "session_id"),
    ):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table in ("alerts", "water", "exercises", "therapy_sessions", "check_ins",
                  "assessments", "episodes", "profile"):
        op.drop_table(table)
