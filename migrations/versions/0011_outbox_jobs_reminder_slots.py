"""outbox, jobs, and a unique slot per reminder

New tables outbound_email (every e-mail, sent after commit by a worker) and job (long work with
progress). Reminders get `slot` (the deadline for "upcoming", the Dutch day for "overdue") under a
unique constraint, so two runs at once cannot both send one, and `email_id`, the outbox message.

Existing reminder rows all stay. Before the constraint is added, each sent row gets its slot,
except a duplicate of one already given that slot (a double press before this fix): duplicates
and failed attempts keep slot NULL, which the constraint does not count.

Revision ID: 0011
Revises: 0013
Create Date: 2026-12-02 00:36:45.834044

"""
from datetime import UTC
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbound_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_email'))
    )
    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_email_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_email_to_address'), ['to_address'], unique=False)

    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('input', sa.LargeBinary(), nullable=True),
    sa.Column('output', sa.LargeBinary(), nullable=True),
    sa.Column('output_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_job_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_job_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_job_owner_created', ['owner_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_status'), ['status'], unique=False)

    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('email_id', sa.Integer(), nullable=True))

    _fill_slots()

    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_reminder_user_id_course_id_deadline_kind_slot'), ['user_id', 'course_id', 'deadline', 'kind', 'slot'])
        batch_op.create_foreign_key(batch_op.f('fk_reminder_email_id_outbound_email'), 'outbound_email', ['email_id'], ['id'], ondelete='SET NULL')



AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _fill_slots():
    """Give every sent reminder its slot, first come first served; duplicates keep NULL."""
    bind = op.get_bind()
    reminder = sa.table('reminder', sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
                        sa.column('course_id', sa.Integer), sa.column('deadline', sa.Date),
                        sa.column('kind', sa.String), sa.column('is_sent', sa.Boolean),
                        sa.column('created_at', sa.DateTime(timezone=True)), sa.column('slot', sa.Date))
    taken = set()
    rows = bind.execute(sa.select(reminder.c.id, reminder.c.user_id, reminder.c.course_id, reminder.c.deadline,
                                  reminder.c.kind, reminder.c.created_at)
                        .where(reminder.c.is_sent.is_(True)).order_by(reminder.c.id)).all()
    for id_, user_id, course_id, deadline, kind, created_at in rows:
        if kind == 'upcoming':
            slot = deadline
        else:
            created = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
            slot = created.astimezone(AMSTERDAM).date()
        key = (user_id, course_id, deadline, kind, slot)
        if key in taken:
            continue
        taken.add(key)
        bind.execute(sa.update(reminder).where(reminder.c.id == id_).values(slot=slot))


def downgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reminder_email_id_outbound_email'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_reminder_user_id_course_id_deadline_kind_slot'), type_='unique')
        batch_op.drop_column('email_id')
        batch_op.drop_column('slot')

    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_status'))
        batch_op.drop_index('ix_job_owner_created')
        batch_op.drop_index(batch_op.f('ix_job_organisation_id'))

    op.drop_table('job')
    with op.batch_alter_table('outbound_email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_email_to_address'))
        batch_op.drop_index('ix_outbound_email_due')

    op.drop_table('outbound_email')
