"""The Telegram door: python-telegram-bot 22 application, handlers, HTML formatting, access and pacing.

Handlers are thin: parse the update, call one method of bot.assistant.Assistant (in a worker thread),
format the reply. All queries live in knowledge/ (knowledge.users for people and chats). May import
bot.assistant, knowledge and telegram; nothing outside bot/telegram imports this package but bot.cli.
"""
