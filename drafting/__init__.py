"""How we write: drafts of report sections and whole summaries, leader briefings, the number check, exports.

Data flows one way: request (understand) → factsheet (resolve, via knowledge.ledger and knowledge.facts)
→ sections/problems/report (pure templates) → rewrite (optional LLM, checked) → export (docx, chart).
May import knowledge and retrieval (the LLM adapter, style exemplars); nothing here imports bot.
"""
