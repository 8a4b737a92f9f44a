"""Output files of drafts and briefings: the GB/T 9704 .docx, the briefing chart, and the fonts they need
(found on this machine at run time). May import drafting.document and the standard libraries for files."""
