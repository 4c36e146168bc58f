"""check-in import without a key check per row: a check-in's import batch and machine stay as plain numbers,
and a staged check-in is keyed by its batch and row.

The import's two bulk inserts checked foreign keys once per row. Copying 1,000,000 check-ins took 54 s with the
three keys and 29 s with the employee's only (PostgreSQL, 2 cores); staging 200,000 rows spent 4.6 s in COPY
with the batch's key and a serial id. Batches and machines are never deleted (no screen or command deletes
them), so ON DELETE SET NULL never fired; the import removes its staged rows itself when it commits or
discards. Nothing reads check-ins by batch, so that index goes too.

Revision ID: 7b1e4f0a9c23
Revises: c8e5c14f09b9
Create Date: 2026-12-01 06:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.core.db

# revision identifiers, used by Alembic.
revision = '7b1e4f0a9c23'
down_revision = 'c8e5c14f09b9'
branch_labels = None
depends_on = None

STAGED = "batch_id, row, employee_id, at, direction, device"


def _staged_columns():
    return [sa.Column('batch_id', sa.Integer(), nullable=False),
            sa.Column('row', sa.Integer(), nullable=False),
            sa.Column('employee_id', sa.Integer(), nullable=False),
            sa.Column('at', app.core.db.UTCDateTime(), nullable=False),
            sa.Column('direction', sa.String(length=3), nullable=True),
            sa.Column('device', sa.String(length=60), nullable=False)]


def _keep_staged():
    op.execute(f"CREATE TABLE staged_check_ins_kept AS SELECT {STAGED} FROM staged_check_ins")
    op.drop_table('staged_check_ins')


def _restore_staged(where=""):
    op.execute(f"INSERT INTO staged_check_ins ({STAGED}) SELECT {STAGED} FROM staged_check_ins_kept {where}")
    op.drop_table('staged_check_ins_kept')


def upgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_batch_id'))
        batch_op.drop_constraint(batch_op.f('fk_check_ins_batch_id_import_batches'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_check_ins_source_id_checkin_sources'), type_='foreignkey')
    _keep_staged()
    op.create_table('staged_check_ins', *_staged_columns(),
                    sa.PrimaryKeyConstraint('batch_id', 'row', name=op.f('pk_staged_check_ins')))
    _restore_staged()


def downgrade():
    _keep_staged()
    op.create_table('staged_check_ins', sa.Column('id', sa.Integer(), nullable=False), *_staged_columns(),
                    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'],
                                            name=op.f('fk_staged_check_ins_batch_id_import_batches'),
                                            ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_check_ins')))
    with op.batch_alter_table('staged_check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_staged_check_ins_batch_row', ['batch_id', 'row'], unique=False)
    _restore_staged("WHERE batch_id IN (SELECT id FROM import_batches)")
    op.execute("UPDATE check_ins SET batch_id = NULL WHERE batch_id NOT IN (SELECT id FROM import_batches)")
    op.execute("UPDATE check_ins SET source_id = NULL WHERE source_id NOT IN (SELECT id FROM checkin_sources)")
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_check_ins_source_id_checkin_sources'), 'checkin_sources',
                                    ['source_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_check_ins_batch_id_import_batches'), 'import_batches',
                                    ['batch_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_check_ins_batch_id'), ['batch_id'], unique=False)
