"""nieuwe zittingsperiode: turnovers, their steps, and a scheduled deactivation per account

Two new tables (turnover, turnover_step) and user.deactivate_on (NULL for everyone: nothing is
scheduled). Downgrade drops them; a deactivation that was scheduled but not yet due is then
forgotten (the account stays active), one that was carried out stays.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivate_on', sa.Date(), nullable=True))

    op.create_table('turnover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('request_key', sa.String(length=64), nullable=False),
    sa.Column('installation_on', sa.Date(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('update_details', sa.Boolean(), nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_turnover_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_turnover_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_turnover_job_id_job'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_turnover_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turnover')),
    sa.UniqueConstraint('request_key', name=op.f('uq_turnover_request_key'))
    )
    with op.batch_alter_table('turnover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turnover_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('turnover_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turnover_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['turnover_id'], ['turnover.id'], name=op.f('fk_turnover_step_turnover_id_turnover'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_turnover_step_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turnover_step')),
    sa.UniqueConstraint('turnover_id', 'kind', 'user_id', name=op.f('uq_turnover_step_turnover_id_kind_user_id'))
    )
    with op.batch_alter_table('turnover_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turnover_step_turnover_id'), ['turnover_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_turnover_step_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('turnover_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_turnover_step_user_id'))
        batch_op.drop_index(batch_op.f('ix_turnover_step_turnover_id'))
    op.drop_table('turnover_step')
    with op.batch_alter_table('turnover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_turnover_organisation_id'))
    op.drop_table('turnover')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deactivate_on')
