"""language: per user (interface), per certificate (issued in), per course version (written in)

All additive; existing users keep following their browser, existing certificates and courses are Dutch.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='nl', nullable=False))
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='nl', nullable=False))


def downgrade():
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')
