"""documents.extraction_version: which version of the report reader extracted a document's facts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 19:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # documents stored before this column: version 0, re-read on the next start
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extraction_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('extraction_version')
