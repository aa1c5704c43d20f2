"""Retired share ids (never imported again) and erasures whose compaction is still owed.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('retired_shares',
                    sa.Column('share_id', sa.String(length=32), nullable=False),
                    sa.Column('retired', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('share_id'))
    op.create_table('pending_compaction',
                    sa.Column('id', ID, autoincrement=True, nullable=False),
                    sa.Column('requested', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id'))


def downgrade() -> None:
    op.drop_table('pending_compaction')
    op.drop_table('retired_shares')
