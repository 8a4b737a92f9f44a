"""The chat side of what we store: who may use the bot (users, roles, allowed group chats), what they did
(the audit log), what each chat remembers across restarts, and who receives scheduled pushes.

Every query about people and chats lives here, never in a Telegram handler. May import knowledge.models,
knowledge.db and knowledge.errors; nothing here imports telegram.
"""
