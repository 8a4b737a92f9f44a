"""Documents: reading report and regulation files, cleaning their text, splitting compilations,
report metadata (org, period, date), near-duplicates, and ingestion into the database.

May import knowledge.{models, db, errors, periods, facts}; never knowledge.questions or knowledge.ledger.
"""
