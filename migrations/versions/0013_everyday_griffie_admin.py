"""everyday griffie and administrator work: pending e-mail, organisation active, certificate reissue

Three nullable or defaulted columns, so existing rows need no backfill:
- user.pending_email: a new address waiting for its owner to confirm it;
- organisation.active: the administrator can switch an organisation off (all true at upgrade);
- certificate.reissued_at: when the griffie last re-rendered the PDF after a name correction.
Downgrade drops them; a pending change of address is then forgotten.

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-02 00:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default='1', nullable=False))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reissued_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('reissued_at')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('active')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('pending_email')
