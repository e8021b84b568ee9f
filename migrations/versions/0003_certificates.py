"""certificates, course validity

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 11:23:35.410118

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=19), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('course_version', sa.Integer(), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('expiry_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_certificate_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_certificate_revoked_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_certificate_user_id_user')),
    sa.ForeignKeyConstraint(['version_id'], ['course_version.id'], name=op.f('fk_certificate_version_id_course_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('user_id', 'version_id', name=op.f('uq_certificate_user_id_version_id'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_version_id'), ['version_id'], unique=False)

    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('validity_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('valid_for_term', sa.Boolean(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.drop_column('valid_for_term')
        batch_op.drop_column('validity_months')

    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_version_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_course_id'))

    op.drop_table('certificate')
