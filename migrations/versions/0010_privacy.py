"""privacy: when an account was deactivated, asked for erasure and was erased; erased certificate holders

Only nullable columns. Accounts that are already deactivated get the time of the upgrade as
deactivated_at: their retention period starts now, so nobody is erased earlier than the
period after this upgrade, and nobody is kept forever either. Downgrade drops the columns.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 00:55:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erasure_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holder_erased_at', sa.DateTime(timezone=True), nullable=True))
    user = sa.table('user', sa.column('active', sa.Boolean()), sa.column('deactivated_at', sa.DateTime(timezone=True)))
    op.execute(user.update().where(user.c.active.is_(False)).values(deactivated_at=datetime.now(UTC)))


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('holder_erased_at')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('erasure_requested_at')
        batch_op.drop_column('deactivated_at')
