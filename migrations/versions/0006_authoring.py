"""authoring: course drafts, their images, and who published each version

New tables only; nothing existing changes, so downgrade simply drops them (drafts and
publication notes are lost, published versions stay).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 16:34:07.487020

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('base_version_id', sa.Integer(), nullable=True),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['base_version_id'], ['course_version.id'], name=op.f('fk_course_draft_base_version_id_course_version')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_draft_course_id_course')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_course_draft_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_draft')),
    sa.UniqueConstraint('course_id', name=op.f('uq_course_draft_course_id'))
    )
    op.create_table('publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_publication_published_by_id_user')),
    sa.ForeignKeyConstraint(['version_id'], ['course_version.id'], name=op.f('fk_publication_version_id_course_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication')),
    sa.UniqueConstraint('version_id', name=op.f('uq_publication_version_id'))
    )
    op.create_table('draft_asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['course_draft.id'], name=op.f('fk_draft_asset_draft_id_course_draft')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_asset')),
    sa.UniqueConstraint('draft_id', 'path', name=op.f('uq_draft_asset_draft_id_path'))
    )
    with op.batch_alter_table('draft_asset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_asset_draft_id'), ['draft_id'], unique=False)



def downgrade():
    with op.batch_alter_table('draft_asset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_asset_draft_id'))

    op.drop_table('draft_asset')
    op.drop_table('publication')
    op.drop_table('course_draft')
