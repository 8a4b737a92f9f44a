"""Telegram handlers by concept: conversation (questions, sources), files (uploads), admin (users, groups,
audit), reports (drafts, briefings, subscriptions). Each parses, calls one Assistant method, formats."""
