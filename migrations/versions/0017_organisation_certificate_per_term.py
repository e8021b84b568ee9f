"""organisation certificate per council term

An organisation certificate now belongs to one term: the term's first and last day are kept on it
(frozen, like everything on a certificate), and an organisation can earn one per course per term.
Existing certificates get the term their issue day falls in: from council_term (0015), else the
national calendar, computed inline as in 0015. Downgrade keeps only the first certificate per
organisation and course, because the old unique constraint allows no more.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-06 15:00:00

"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None

FIRST_YEAR = {'gemeente': 2022, 'provincie': 2023, 'waterschap': 2023}


def _start(year):
    first = date(year, 3, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 14) + timedelta(days=14)


def _national(kind, day):
    first = FIRST_YEAR.get(kind, 2022)
    year = first + (day.year - first) // 4 * 4
    if day < _start(year):
        year -= 4
    return _start(year), _start(year + 4) - timedelta(days=1)


def _as_date(value):
    if isinstance(value, str):  # SQLite hands back text
        return date.fromisoformat(value[:10])
    return value.date() if hasattr(value, 'date') else value


def upgrade():
    with op.batch_alter_table('organisation_certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('term_starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('term_ends_on', sa.Date(), nullable=True))

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        'SELECT oc.id, oc.organisation_id, oc.issued_at, o.kind FROM organisation_certificate oc '
        'JOIN organisation o ON o.id = oc.organisation_id')).all()
    for certificate_id, organisation_id, issued_at, kind in rows:
        day = _as_date(issued_at)
        stored = bind.execute(sa.text(
            'SELECT starts_on, ends_on FROM council_term WHERE organisation_id = :o AND starts_on <= :d '
            'AND ends_on >= :d'), {'o': organisation_id, 'd': day}).first()
        starts, ends = (_as_date(stored[0]), _as_date(stored[1])) if stored else _national(kind, day)
        bind.execute(sa.text('UPDATE organisation_certificate SET term_starts_on = :s, term_ends_on = :e '
                             'WHERE id = :i'), {'s': starts, 'e': ends, 'i': certificate_id})

    with op.batch_alter_table('organisation_certificate', schema=None) as batch_op:
        batch_op.alter_column('term_starts_on', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('term_ends_on', existing_type=sa.Date(), nullable=False)
        batch_op.drop_constraint('uq_organisation_certificate_organisation_id_course_id', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_organisation_certificate_organisation_id_course_id_term_starts_on'),
            ['organisation_id', 'course_id', 'term_starts_on'])


def downgrade():
    op.execute(
        'DELETE FROM organisation_certificate WHERE id NOT IN (SELECT MIN(id) FROM organisation_certificate '
        'GROUP BY organisation_id, course_id)')
    with op.batch_alter_table('organisation_certificate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisation_certificate_organisation_id_course_id_term_starts_on'),
                                 type_='unique')
        batch_op.create_unique_constraint('uq_organisation_certificate_organisation_id_course_id',
                                          ['organisation_id', 'course_id'])
        batch_op.drop_column('term_ends_on')
        batch_op.drop_column('term_starts_on')
