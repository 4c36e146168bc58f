"""attendance: the work calendar, schedules and shifts, check-ins (and their staging), leave, excuses and the
derived daily status; the monthly recap says whether it was typed or derived; imports of check-ins

Revision ID: 2d59acd83241
Revises: 3a7d2c9e41b6
Create Date: 2026-11-30 23:59:13.819438

"""
import sqlalchemy as sa
from alembic import op

import app.core.db


# revision identifiers, used by Alembic.
revision = '2d59acd83241'
down_revision = '3a7d2c9e41b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('national', 'collective', 'regional')", name=op.f('ck_holidays_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_holidays_day'))
    )
    op.create_table('checkin_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=10), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('in_values', sa.String(length=200), nullable=False),
    sa.Column('out_values', sa.String(length=200), nullable=False),
    sa.Column('date_format', sa.String(length=40), nullable=False),
    sa.Column('timezone', sa.String(length=4), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("person_key IN ('machine', 'nip')", name=op.f('ck_checkin_sources_person_key')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_checkin_sources_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_checkin_sources_name'))
    )
    with op.batch_alter_table('checkin_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_sources_unit_id'), ['unit_id'], unique=False)

    op.create_table('roll_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('apel', 'upacara')", name=op.f('ck_roll_calls_kind')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_roll_calls_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roll_calls')),
    sa.UniqueConstraint('unit_id', 'day', name=op.f('uq_roll_calls_unit_id_day'))
    )
    with op.batch_alter_table('roll_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roll_calls_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_roll_calls_unit_id'), ['unit_id'], unique=False)

    op.create_table('work_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('days_per_week', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('days_per_week IN (5, 6)', name=op.f('ck_work_schedules_week')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_work_schedules_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_schedules')),
    sa.UniqueConstraint('unit_id', name=op.f('uq_work_schedules_unit_id'))
    )
    op.create_table('shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.Column('friday_ends', sa.Time(), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('starts <> ends', name=op.f('ck_shifts_length')),
    sa.ForeignKeyConstraint(['schedule_id'], ['work_schedules.id'], name=op.f('fk_shifts_schedule_id_work_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shifts')),
    sa.UniqueConstraint('schedule_id', 'code', name=op.f('uq_shifts_schedule_id_code'))
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifts_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('attendance_days',
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('late_minutes', sa.Integer(), nullable=True),
    sa.Column('early_minutes', sa.Integer(), nullable=True),
    sa.Column('late_code', sa.SmallInteger(), nullable=False),
    sa.Column('early_code', sa.SmallInteger(), nullable=False),
    sa.Column('missed_roll_call', sa.Boolean(), nullable=False),
    sa.Column('first_in', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('last_out', app.core.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('present', 'no_in', 'no_out', 'absent', 'permit', 'travel', 'weekend', 'holiday', 'collective', 'leave_annual', 'leave_long', 'leave_sick', 'leave_maternity', 'leave_important', 'leave_unpaid')", name=op.f('ck_attendance_days_status')),
    sa.CheckConstraint('late_code BETWEEN 0 AND 4 AND early_code BETWEEN 0 AND 4', name=op.f('ck_attendance_days_codes')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_attendance_days_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employee_id', 'day', name=op.f('pk_attendance_days'))
    )
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_days_day', ['day'], unique=False)

    op.create_table('leaves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('decision_number', sa.String(length=120), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('annual', 'long', 'sick', 'maternity', 'important', 'unpaid')", name=op.f('ck_leaves_kind')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_leaves_order')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_leaves_employee_id_employees'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leaves'))
    )
    with op.batch_alter_table('leaves', schema=None) as batch_op:
        batch_op.create_index('ix_leaves_employee_days', ['employee_id', 'starts_on'], unique=False)

    op.create_table('machine_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_machine_users_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['checkin_sources.id'], name=op.f('fk_machine_users_source_id_checkin_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_machine_users')),
    sa.UniqueConstraint('source_id', 'number', name=op.f('uq_machine_users_source_id_number'))
    )
    with op.batch_alter_table('machine_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_machine_users_employee_id'), ['employee_id'], unique=False)

    op.create_table('shift_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR starts_on <= ends_on', name=op.f('ck_shift_assignments_order')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_shift_assignments_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_shift_assignments_shift_id_shifts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_assignments'))
    )
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_assignments_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_assignments_shift_id'), ['shift_id'], unique=False)

    op.create_table('excuses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('forgot', sa.String(length=4), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('letter_number', sa.String(length=120), nullable=False),
    sa.Column('attachment', sa.String(length=100), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', app.core.db.UTCDateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("forgot IS NULL OR forgot IN ('in', 'out', 'both')", name=op.f('ck_excuses_forgot')),
    sa.CheckConstraint("kind IN ('permit', 'travel', 'forgot')", name=op.f('ck_excuses_kind')),
    sa.CheckConstraint("state IN ('requested', 'approved', 'refused', 'withdrawn')", name=op.f('ck_excuses_state')),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_excuses_order')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_excuses_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_excuses_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_excuses_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_excuses'))
    )
    with op.batch_alter_table('excuses', schema=None) as batch_op:
        batch_op.create_index('ix_excuses_employee_days', ['employee_id', 'starts_on'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=True),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("direction IS NULL OR direction IN ('in', 'out')", name=op.f('ck_check_ins_direction')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_check_ins_batch_id_import_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_check_ins_employee_id_employees'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_check_ins_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['checkin_sources.id'], name=op.f('fk_check_ins_source_id_checkin_sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('employee_id', 'at', name=op.f('uq_check_ins_employee_id_at'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_ins_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_check_ins_at', ['at'], unique=False)

    op.create_table('staged_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('at', app.core.db.UTCDateTime(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=True),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_staged_check_ins_batch_id_import_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_check_ins'))
    )
    with op.batch_alter_table('staged_check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_staged_check_ins_batch_row', ['batch_id', 'row'], unique=False)

    with op.batch_alter_table('attendance_months', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=8), server_default='typed', nullable=False))
        batch_op.add_column(sa.Column('present_days', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('source', "source IN ('typed', 'derived')")

    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meta', sa.JSON(), nullable=True))
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('units', 'positions', 'people', 'checkins', 'holidays')")



def downgrade():
    op.execute("DELETE FROM import_batches WHERE kind IN ('checkins', 'holidays')")
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_column('meta')
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', "kind IN ('units', 'positions', 'people')")

    with op.batch_alter_table('attendance_months', schema=None) as batch_op:
        batch_op.drop_constraint('source', type_='check')
        batch_op.drop_column('present_days')
        batch_op.drop_column('source')

    with op.batch_alter_table('staged_check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_staged_check_ins_batch_row')

    op.drop_table('staged_check_ins')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_batch_id'))
        batch_op.drop_index('ix_check_ins_at')

    op.drop_table('check_ins')
    with op.batch_alter_table('excuses', schema=None) as batch_op:
        batch_op.drop_index('ix_excuses_employee_days')

    op.drop_table('excuses')
    with op.batch_alter_table('shift_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_assignments_shift_id'))
        batch_op.drop_index(batch_op.f('ix_shift_assignments_employee_id'))

    op.drop_table('shift_assignments')
    with op.batch_alter_table('machine_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_machine_users_employee_id'))

    op.drop_table('machine_users')
    with op.batch_alter_table('leaves', schema=None) as batch_op:
        batch_op.drop_index('ix_leaves_employee_days')

    op.drop_table('leaves')
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_days_day')

    op.drop_table('attendance_days')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shifts_schedule_id'))

    op.drop_table('shifts')
    op.drop_table('work_schedules')
    with op.batch_alter_table('roll_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roll_calls_unit_id'))
        batch_op.drop_index(batch_op.f('ix_roll_calls_day'))

    op.drop_table('roll_calls')
    with op.batch_alter_table('checkin_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_sources_unit_id'))

    op.drop_table('checkin_sources')
    op.drop_table('holidays')
