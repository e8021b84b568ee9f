"""refreshers: a course's refresher module and window, and certificates that renew another

The first-certificate rule (one per member and version) becomes a partial unique index, because a
renewal may be for the same version as the certificate it renews. Downgrade drops renewals' links
and restores the old rule; it fails if a member holds two certificates for one version by then.

Revision ID: 0016
Revises: 0018
Create Date: 2026-12-06 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0018'
branch_labels = None
depends_on = None

WHERE = sa.text('renews_id IS NULL')


def upgrade():
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refresher_before_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('refresher_after_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_refresher', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renews_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_certificate_renews_id_certificate'), 'certificate', ['renews_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_certificate_renews_id'), ['renews_id'])
        batch_op.drop_constraint('uq_certificate_user_id_version_id', type_='unique')
        batch_op.create_index('uq_certificate_first', ['user_id', 'version_id'], unique=True,
                              sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('uq_certificate_first')
        batch_op.create_unique_constraint('uq_certificate_user_id_version_id', ['user_id', 'version_id'])
        batch_op.drop_constraint(batch_op.f('uq_certificate_renews_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_certificate_renews_id_certificate'), type_='foreignkey')
        batch_op.drop_column('renews_id')
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_column('is_refresher')
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.drop_column('refresher_after_days')
        batch_op.drop_column('refresher_before_days')
