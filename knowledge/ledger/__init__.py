"""The hazard ledger (隐患台账): reading and validating spreadsheets, idempotent import, exact
statistics (counts, 整改率, breakdowns) and record listings, each traceable to 隐患编号.

May import knowledge.{models, db, errors, periods, questions}; never knowledge.facts or documents.
"""
