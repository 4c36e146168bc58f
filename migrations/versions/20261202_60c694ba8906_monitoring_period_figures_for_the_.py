"""monitoring: per-period figures for the reminders, the home page and the inbox; indexes for who entered a value,
who countersigned an agreement and which excuses wait for a decision

The new table is filled for the data already there by the same code that keeps it (``stats.refresh_all``, what
``flask monitoring-refresh`` runs), in the migration's own transaction.

Revision ID: 60c694ba8906
Revises: 93709d5080d1
Create Date: 2026-12-02 02:22:17.660314

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# revision identifiers, used by Alembic.
revision = '60c694ba8906'
down_revision = '93709d5080d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_period_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=8), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.Column('submitted_pk', sa.Integer(), nullable=False),
    sa.Column('submitted_kpi', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_monitoring_period_stats_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_period_stats')),
    sa.UniqueConstraint('unit_id', 'year', 'period_kind', 'period', name=op.f('uq_monitoring_period_stats_unit_id_year_period_kind_period'))
    )
    with op.batch_alter_table('agreement_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_versions_second_party_id'), ['second_party_id'], unique=False)

    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_realisations_entered_by_id'), ['entered_by_id'], unique=False)

    with op.batch_alter_table('excuses', schema=None) as batch_op:
        batch_op.create_index('ix_excuses_state', ['state'], unique=False)

    from app.monitoring import stats

    session = Session(bind=op.get_bind())
    session.info["refreshing_stats"] = True  # written here, not marked again by the listeners
    stats.refresh_all(session)
    session.flush()


def downgrade():
    with op.batch_alter_table('excuses', schema=None) as batch_op:
        batch_op.drop_index('ix_excuses_state')

    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_realisations_entered_by_id'))

    with op.batch_alter_table('agreement_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_versions_second_party_id'))

    op.drop_table('monitoring_period_stats')
