"""Facts: the figures reports state, with provenance — extraction (numbers, metric names, domains),
the words around each figure, and finding the figure a question asks for among candidates.

May import knowledge.{models, db, errors, periods, questions}; never knowledge.documents.ingest or
knowledge.ledger. Pure except `views.load_fact_views` and `listing` (database reads).
"""
