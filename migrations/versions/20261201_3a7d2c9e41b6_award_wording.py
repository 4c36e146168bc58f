"""award wording: each award category names its award on the piagam and the announcement

Empty means the default of the category's nominee kind ("Pegawai Terbaik", "Unit Kerja Terbaik").

Revision ID: 3a7d2c9e41b6
Revises: 5e55104c0de1
Create Date: 2026-12-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '3a7d2c9e41b6'
down_revision = '5e55104c0de1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('award_categories') as batch_op:
        batch_op.add_column(sa.Column('award_title', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('award_categories') as batch_op:
        batch_op.drop_column('award_title')
