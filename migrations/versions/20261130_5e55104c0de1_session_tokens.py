"""session tokens: a user's sessions and remember cookies end when the token changes; an OPD's working year

Revision ID: 5e55104c0de1
Revises: ee9b1c86087a
Create Date: 2026-11-30 21:30:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '5e55104c0de1'
down_revision = 'ee9b1c86087a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_token=secrets.token_urlsafe(32)))
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)
    with op.batch_alter_table('units') as batch_op:
        batch_op.add_column(sa.Column('working_year', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('units') as batch_op:
        batch_op.drop_column('working_year')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_token')
