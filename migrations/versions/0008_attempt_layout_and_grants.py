"""attempt layout (order and draw per attempt) and the griffie's grants of new attempts

The layout column is nullable: attempts begun before it existed keep the order they started
with. Downgrade drops the grants and the layouts (the attempts themselves stay).

Revision ID: 0008
Revises: 0012
Create Date: 2026-12-02 00:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layout', sa.JSON(), nullable=True))
    op.create_table('attempt_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user.id'], name=op.f('fk_attempt_grant_granted_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_attempt_grant_lesson_id_lesson')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_attempt_grant_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_grant'))
    )
    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_grant_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_grant_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_grant_user_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_grant_lesson_id'))
    op.drop_table('attempt_grant')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('layout')
