"""organisation certificates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 11:34:59.948283

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=19), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('course_version', sa.Integer(), nullable=False),
    sa.Column('member_count', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_organisation_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_certificate_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_organisation_certificate_code')),
    sa.UniqueConstraint('organisation_id', 'course_id', name=op.f('uq_organisation_certificate_organisation_id_course_id'))
    )
    with op.batch_alter_table('organisation_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_certificate_organisation_id'), ['organisation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('organisation_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_certificate_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_certificate_course_id'))

    op.drop_table('organisation_certificate')
