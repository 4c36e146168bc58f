"""tpp: each ASN's monthly rating, the dated TPP rule presets, each OPD's TPP month (period) and one result per
person with what it was computed from; objections to a month's TPP

Revision ID: 00f95f6979b6
Revises: 7b1e4f0a9c23
Create Date: 2026-12-01 06:34:27.066350

"""
import sqlalchemy as sa
from alembic import op

import app.core.db


# revision identifiers, used by Alembic.
revision = '00f95f6979b6'
down_revision = '7b1e4f0a9c23'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tpp_presets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tpp_presets_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tpp_presets')),
    sa.UniqueConstraint('family', 'number', name=op.f('uq_tpp_presets_family_number'))
    )
    op.create_table('tpp_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('hasil_kerja', sa.String(length=6), nullable=False),
    sa.Column('perilaku', sa.String(length=6), nullable=False),
    sa.Column('predikat', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('rated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("hasil_kerja IN ('atas', 'sesuai', 'bawah')", name=op.f('ck_tpp_ratings_hasil_kerja')),
    sa.CheckConstraint("perilaku IN ('atas', 'sesuai', 'bawah')", name=op.f('ck_tpp_ratings_perilaku')),
    sa.CheckConstraint("predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')", name=op.f('ck_tpp_ratings_predikat')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_tpp_ratings_month')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_tpp_ratings_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rated_by_id'], ['users.id'], name=op.f('fk_tpp_ratings_rated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tpp_ratings')),
    sa.UniqueConstraint('employee_id', 'year', 'month', name=op.f('uq_tpp_ratings_employee_id_year_month'))
    )
    op.create_table('tpp_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('preset_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=6), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('calculated_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('calculated_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_tpp_periods_state')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_tpp_periods_month')),
    sa.ForeignKeyConstraint(['calculated_by_id'], ['users.id'], name=op.f('fk_tpp_periods_calculated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_tpp_periods_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opd_id'], ['units.id'], name=op.f('fk_tpp_periods_opd_id_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['preset_id'], ['tpp_presets.id'], name=op.f('fk_tpp_periods_preset_id_tpp_presets'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tpp_periods')),
    sa.UniqueConstraint('opd_id', 'year', 'month', name=op.f('uq_tpp_periods_opd_id_year_month'))
    )
    with op.batch_alter_table('tpp_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tpp_periods_opd_id'), ['opd_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tpp_periods_preset_id'), ['preset_id'], unique=False)

    op.create_table('tpp_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kelas', sa.Integer(), nullable=True),
    sa.Column('base', sa.Integer(), nullable=False),
    sa.Column('cuts', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('unrated', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_tpp_results_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['period_id'], ['tpp_periods.id'], name=op.f('fk_tpp_results_period_id_tpp_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tpp_results')),
    sa.UniqueConstraint('period_id', 'employee_id', name=op.f('uq_tpp_results_period_id_employee_id'))
    )
    with op.batch_alter_table('tpp_results', schema=None) as batch_op:
        batch_op.create_index('ix_tpp_results_employee', ['employee_id'], unique=False)
    op.create_table('tpp_objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('code', sa.String(length=8), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('attachment', sa.String(length=100), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'accepted', 'rejected')", name=op.f('ck_tpp_objections_state')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tpp_objections_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_tpp_objections_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['period_id'], ['tpp_periods.id'], name=op.f('fk_tpp_objections_period_id_tpp_periods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_tpp_objections_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tpp_objections'))
    )
    with op.batch_alter_table('tpp_objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tpp_objections_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index('ix_tpp_objections_period_employee', ['period_id', 'employee_id'], unique=False)


def downgrade():
    with op.batch_alter_table('tpp_objections', schema=None) as batch_op:
        batch_op.drop_index('ix_tpp_objections_period_employee')
        batch_op.drop_index(batch_op.f('ix_tpp_objections_employee_id'))

    op.drop_table('tpp_objections')
    with op.batch_alter_table('tpp_results', schema=None) as batch_op:
        batch_op.drop_index('ix_tpp_results_employee')

    op.drop_table('tpp_results')
    with op.batch_alter_table('tpp_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tpp_periods_preset_id'))
        batch_op.drop_index(batch_op.f('ix_tpp_periods_opd_id'))

    op.drop_table('tpp_periods')
    op.drop_table('tpp_ratings')
    op.drop_table('tpp_presets')
