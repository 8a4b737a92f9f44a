"""Understanding a question (pure): the structured statistics query (metric, domain, org, grade,
period, grouping), the words it uses, the organisation it names, whether it continues the previous
question, and which path it takes (ledger, report figures, documents).

May import knowledge.{periods, facts.lexicon, answer}; nothing that reads the database.
"""
