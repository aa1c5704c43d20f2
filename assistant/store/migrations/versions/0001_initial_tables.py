"""Initial tables, and a guard that keeps messages append-only.

Revision ID: 0001
Revises: 
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

SQLITE_GUARD = """
CREATE TRIGGER messages_append_only BEFORE UPDATE ON messages
BEGIN SELECT RAISE(ABORT, 'messages are append-only'); END
"""
PG_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION messages_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'messages are append-only'; END $$ LANGUAGE plpgsql
"""
PG_GUARD = """
CREATE TRIGGER messages_append_only BEFORE UPDATE ON messages
FOR EACH ROW EXECUTE FUNCTION messages_append_only()
"""


def _guard() -> None:
    """Messages are never edited; erasure deletes them, which stays allowed."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_GUARD)
    else:
        op.execute(PG_GUARD_FUNCTION)
        op.execute(PG_GUARD)


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('identity', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('manager_id', ID, nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['manager_id'], ['people.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('identity')
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_manager_id'), ['manager_id'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('owner_id', ID, nullable=False),
    sa.Column('subject_id', ID, nullable=False),
    sa.Column('parent_id', sa.String(length=32), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('context', JSON, nullable=False),
    sa.Column('message_count', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['conversations.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_subject_id'), ['subject_id'], unique=False)

    op.create_table('memory',
    sa.Column('person_id', ID, nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_table('interview_state',
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id')
    )
    op.create_table('messages',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=True),
    sa.Column('move', sa.String(length=32), nullable=True),
    sa.Column('meta', JSON, nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'seq')
    )
    op.create_table('plans',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', ID, nullable=False),
    sa.Column('created_by', ID, nullable=True),
    sa.Column('conversation_id', sa.String(length=32), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['people.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_owner_id'), ['owner_id'], unique=False)

    op.create_table('ratings',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.Column('author_id', ID, nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'version')
    )
    op.create_table('readings',
    sa.Column('message_id', ID, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.Column('sensitive', JSON, nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id')
    )
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_readings_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('shares',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', ID, nullable=False),
    sa.Column('recipient_id', ID, nullable=True),
    sa.Column('what', sa.String(length=16), nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=True),
    sa.Column('plan_id', sa.String(length=32), nullable=True),
    sa.Column('excerpt_ids', JSON, nullable=False),
    sa.Column('include_sensitive', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('snapshot', JSON, nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['people.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shares_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shares_recipient_id'), ['recipient_id'], unique=False)
    _guard()


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS messages_append_only" +
               ("" if op.get_bind().dialect.name == "sqlite" else " ON messages"))
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shares_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_shares_owner_id'))

    op.drop_table('shares')
    with op.batch_alter_table('readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_readings_conversation_id'))

    op.drop_table('readings')
    op.drop_table('plan_versions')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_conversation_id'))

    op.drop_table('ratings')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_owner_id'))
        batch_op.drop_index(batch_op.f('ix_plans_conversation_id'))

    op.drop_table('plans')
    op.drop_table('messages')
    op.drop_table('interview_state')
    op.drop_table('memory')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_subject_id'))
        batch_op.drop_index(batch_op.f('ix_conversations_owner_id'))

    op.drop_table('conversations')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_manager_id'))

    op.drop_table('people')
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS messages_append_only()")
