"""local information per organisation: contacts, protocol (text, link or PDF), code of conduct

A new table only; downgrade drops it and what griffies typed in it.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-02 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('local_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('html', sa.JSON(), nullable=False),
    sa.Column('protocol_url', sa.String(length=500), nullable=False),
    sa.Column('gedragscode_url', sa.String(length=500), nullable=False),
    sa.Column('protocol_pdf_name', sa.String(length=200), nullable=False),
    sa.Column('protocol_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_local_info_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_info')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_local_info_organisation_id'))
    )


def downgrade():
    op.drop_table('local_info')
