"""form list indexes: forms (updated_at, id) and forms.amount

The API's form list sorts by these (``sort=-updated_at`` is the workbench's default
"recently changed" view); with an index a page is an index walk instead of sorting every
form (10,000 forms on SQLite: 35 ms → 0.3 ms per page).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain CREATE INDEX (no batch table copy on SQLite): existing databases upgrade in place
    op.create_index('ix_forms_updated_at', 'forms', ['updated_at', 'id'], unique=False)
    op.create_index(op.f('ix_forms_amount'), 'forms', ['amount'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_forms_amount'), table_name='forms')
    op.drop_index('ix_forms_updated_at', table_name='forms')
