"""council terms per organisation

A new table council_term. Existing organisations get the previous, current and next term of the
national calendar for their kind (third Wednesday of March, every four years from 2022 for
municipalities and from 2023 for provinces and water boards; installation two weeks later), the same
rule app/organisations/terms.py uses for new ones. Kept inline so this migration does not change when
that module does. Downgrade drops the table; certificates already issued keep their expiry date.

Revision ID: 0015
Revises: 0009
Create Date: 2026-12-06 14:00:00

"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0009'
branch_labels = None
depends_on = None

FIRST_YEAR = {'gemeente': 2022, 'provincie': 2023, 'waterschap': 2023}


def _election(year):
    first = date(year, 3, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 14)


def _start(year):
    return _election(year) + timedelta(days=14)


def _default_terms(kind, today):
    first = FIRST_YEAR.get(kind, 2022)
    year = first + (today.year - first) // 4 * 4
    if today < _start(year):
        year -= 4
    return [(_election(y), _start(y), _start(y + 4) - timedelta(days=1)) for y in (year - 4, year, year + 4)]


def upgrade():
    term = op.create_table('council_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('election_on', sa.Date(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_council_term_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_term')),
    sa.UniqueConstraint('organisation_id', 'starts_on', name=op.f('uq_council_term_organisation_id_starts_on'))
    )
    with op.batch_alter_table('council_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_term_organisation_id'), ['organisation_id'], unique=False)

    today = date.today()
    organisations = op.get_bind().execute(sa.text('SELECT id, kind FROM organisation')).all()
    rows = [{'organisation_id': org_id, 'election_on': e, 'starts_on': s, 'ends_on': t, 'note': ''}
            for org_id, kind in organisations for e, s, t in _default_terms(kind, today)]
    if rows:
        op.bulk_insert(term, rows)


def downgrade():
    with op.batch_alter_table('council_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_term_organisation_id'))

    op.drop_table('council_term')
