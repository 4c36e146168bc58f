"""non-ASN workers: contracts (SPK), warnings, evaluations, each OPD's dated rules, the honorarium month and its
lines

Revision ID: 93709d5080d1
Revises: 00f95f6979b6
Create Date: 2026-12-01 10:38:23.815044

"""
import sqlalchemy as sa
from alembic import op

import app.core.db

# revision identifiers, used by Alembic.
revision = '93709d5080d1'
down_revision = '00f95f6979b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_worker_rules_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opd_id'], ['units.id'], name=op.f('fk_worker_rules_opd_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_rules')),
    sa.UniqueConstraint('opd_id', 'valid_from', name=op.f('uq_worker_rules_opd_id_valid_from'))
    )
    op.create_table('honor_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('rules_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=6), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('closed_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_honor_months_state')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_honor_months_month')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_honor_months_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opd_id'], ['units.id'], name=op.f('fk_honor_months_opd_id_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rules_id'], ['worker_rules.id'], name=op.f('fk_honor_months_rules_id_worker_rules'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honor_months')),
    sa.UniqueConstraint('opd_id', 'year', 'month', name=op.f('uq_honor_months_opd_id_year_month'))
    )
    with op.batch_alter_table('honor_months', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_honor_months_opd_id'), ['opd_id'], unique=False)

    op.create_table('worker_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('position', sa.String(length=150), nullable=False),
    sa.Column('duties', sa.Text(), nullable=False),
    sa.Column('pay_basis', sa.String(length=8), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('workplace', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.Column('termination_reason', sa.Text(), nullable=False),
    sa.Column('renewal', sa.String(length=6), nullable=True),
    sa.Column('renewal_note', sa.Text(), nullable=False),
    sa.Column('renewal_by_id', sa.Integer(), nullable=True),
    sa.Column('renewed_from_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("pay_basis IN ('daily', 'monthly')", name=op.f('ck_worker_contracts_pay_basis')),
    sa.CheckConstraint("renewal IS NULL OR renewal IN ('renew', 'end')", name=op.f('ck_worker_contracts_renewal')),
    sa.CheckConstraint("state IN ('draft', 'active', 'terminated')", name=op.f('ck_worker_contracts_state')),
    sa.CheckConstraint('rate > 0', name=op.f('ck_worker_contracts_rate')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_worker_contracts_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_worker_contracts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_worker_contracts_document_id_issued_documents'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_worker_contracts_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['renewal_by_id'], ['users.id'], name=op.f('fk_worker_contracts_renewal_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['renewed_from_id'], ['worker_contracts.id'], name=op.f('fk_worker_contracts_renewed_from_id_worker_contracts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_worker_contracts_shift_id_shifts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_worker_contracts_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_contracts'))
    )
    with op.batch_alter_table('worker_contracts', schema=None) as batch_op:
        batch_op.create_index('ix_worker_contracts_employee', ['employee_id', 'year'], unique=False)
        batch_op.create_index('ix_worker_contracts_unit', ['unit_id', 'year'], unique=False)
        batch_op.create_index('uq_worker_contracts_number', ['year', 'number'], unique=True, sqlite_where=sa.text("number <> ''"), postgresql_where=sa.text("number <> ''"))

    op.create_table('honor_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('pay_basis', sa.String(length=8), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('working', sa.Integer(), nullable=False),
    sa.Column('contract_days', sa.Integer(), nullable=False),
    sa.Column('paid', sa.Integer(), nullable=False),
    sa.Column('absent', sa.Integer(), nullable=False),
    sa.Column('late', sa.Integer(), nullable=False),
    sa.Column('early', sa.Integer(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('penalty', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['worker_contracts.id'], name=op.f('fk_honor_lines_contract_id_worker_contracts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_honor_lines_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['month_id'], ['honor_months.id'], name=op.f('fk_honor_lines_month_id_honor_months'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honor_lines')),
    sa.UniqueConstraint('month_id', 'contract_id', name=op.f('uq_honor_lines_month_id_contract_id'))
    )
    with op.batch_alter_table('honor_lines', schema=None) as batch_op:
        batch_op.create_index('ix_honor_lines_employee', ['employee_id'], unique=False)

    op.create_table('worker_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('scale', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=False),
    sa.Column('evaluated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("result IN ('sangat_baik', 'baik', 'cukup', 'kurang')", name=op.f('ck_worker_evaluations_result')),
    sa.CheckConstraint('period BETWEEN 0 AND 4', name=op.f('ck_worker_evaluations_period')),
    sa.ForeignKeyConstraint(['contract_id'], ['worker_contracts.id'], name=op.f('fk_worker_evaluations_contract_id_worker_contracts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_worker_evaluations_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['evaluated_by_id'], ['users.id'], name=op.f('fk_worker_evaluations_evaluated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_evaluations')),
    sa.UniqueConstraint('contract_id', 'period', name=op.f('uq_worker_evaluations_contract_id_period'))
    )
    with op.batch_alter_table('worker_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_evaluations_employee_id'), ['employee_id'], unique=False)

    op.create_table('worker_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('letter_number', sa.String(length=120), nullable=False),
    sa.Column('attachment', sa.String(length=100), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("level IN ('lisan', 'tertulis', 'sp1', 'sp2', 'sp3')", name=op.f('ck_worker_warnings_level')),
    sa.ForeignKeyConstraint(['contract_id'], ['worker_contracts.id'], name=op.f('fk_worker_warnings_contract_id_worker_contracts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_worker_warnings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_worker_warnings_employee_id_employees'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_warnings'))
    )
    with op.batch_alter_table('worker_warnings', schema=None) as batch_op:
        batch_op.create_index('ix_worker_warnings_contract', ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_warnings_employee_id'), ['employee_id'], unique=False)



def downgrade():
    with op.batch_alter_table('worker_warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_warnings_employee_id'))
        batch_op.drop_index('ix_worker_warnings_contract')

    op.drop_table('worker_warnings')
    with op.batch_alter_table('worker_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_evaluations_employee_id'))

    op.drop_table('worker_evaluations')
    with op.batch_alter_table('honor_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_honor_lines_employee')

    op.drop_table('honor_lines')
    with op.batch_alter_table('worker_contracts', schema=None) as batch_op:
        batch_op.drop_index('uq_worker_contracts_number', sqlite_where=sa.text("number <> ''"), postgresql_where=sa.text("number <> ''"))
        batch_op.drop_index('ix_worker_contracts_unit')
        batch_op.drop_index('ix_worker_contracts_employee')

    op.drop_table('worker_contracts')
    with op.batch_alter_table('honor_months', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_honor_months_opd_id'))

    op.drop_table('honor_months')
    op.drop_table('worker_rules')
