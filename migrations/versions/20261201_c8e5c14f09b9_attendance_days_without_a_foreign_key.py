"""attendance days without a foreign key, and their status checked by ORs: the monthly pass's bulk insert
checked the key once per row, and SQLite the status's IN list through a temporary table per row; each doubled
the insert's time. The pass writes only the rows of people it has just read, and people are never deleted.
Days off are no longer stored (the next pass after a downgrade writes them again).

Revision ID: c8e5c14f09b9
Revises: 2d59acd83241
Create Date: 2026-12-01 03:32:14.553138

"""
from alembic import op

DAY_STATUSES = ('present', 'no_in', 'no_out', 'absent', 'permit', 'travel', 'weekend', 'holiday', 'collective',
                'leave_annual', 'leave_long', 'leave_sick', 'leave_maternity', 'leave_important', 'leave_unpaid')


def _one_of(values):
    return " OR ".join(f"status = {value!r}" for value in values)


def _in(values):
    return f"status IN ({', '.join(repr(v) for v in values)})"


# revision identifiers, used by Alembic.
revision = 'c8e5c14f09b9'
down_revision = '2d59acd83241'
branch_labels = None
depends_on = None


def upgrade():
    # days off are no longer stored (the calendar says them): the rows earlier passes wrote go
    op.execute("DELETE FROM attendance_days WHERE status IN ('weekend', 'holiday', 'collective')")
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attendance_days_employee_id_employees'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_attendance_days_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attendance_days_status'), _one_of(DAY_STATUSES))


def downgrade():
    with op.batch_alter_table('attendance_days', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_attendance_days_employee_id_employees'), 'employees',
                                    ['employee_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_attendance_days_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attendance_days_status'), _in(DAY_STATUSES))
