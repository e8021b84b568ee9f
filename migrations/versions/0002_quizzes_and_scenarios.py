"""quizzes and scenarios: lesson kind and spec, attempts, answers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:06:37.984908

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=32), nullable=False),
    sa.Column('current', sa.String(length=100), nullable=True),
    sa.Column('ending', sa.String(length=100), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_attempt_enrollment_id_enrollment')),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_attempt_lesson_id_lesson')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_attempt_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt')),
    sa.UniqueConstraint('user_id', 'lesson_id', 'number', name=op.f('uq_attempt_user_id_lesson_id_number'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_user_id'), ['user_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('node', sa.String(length=100), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_answer_attempt_id_attempt')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('attempt_id', 'step', name=op.f('uq_answer_attempt_id_step'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_attempt_id'), ['attempt_id'], unique=False)

    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='lesson', nullable=False))
        batch_op.add_column(sa.Column('spec', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('spec')
        batch_op.drop_column('kind')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_attempt_id'))

    op.drop_table('answer')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_lesson_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_enrollment_id'))

    op.drop_table('attempt')
