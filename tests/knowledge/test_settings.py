from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from knowledge.settings import Settings


def test_bot_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFETYBOT_ADMIN_IDS", "12345, 67890")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("SAFETYBOT_BRIEFING_TIME", "07:45")
    monkeypatch.setenv("SAFETYBOT_UPLOAD_LIMIT_MB", "5")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_ids == [12345, 67890]
    assert settings.telegram_bot_token == "1:abc"
    assert settings.briefing_time == time(7, 45)
    assert settings.upload_limit_bytes == 5 * 1024 * 1024
    assert (settings.rate_limit, settings.rate_window, settings.webhook_url) == (20, 60.0, None)


def test_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SAFETYBOT_ADMIN_IDS", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.admin_ids == [] and settings.upload_limit_mb == 20


def test_bad_admin_ids_say_what_is_expected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFETYBOT_ADMIN_IDS", "12345,张三")
    with pytest.raises(ValidationError, match="SAFETYBOT_ADMIN_IDS 应为逗号分隔的 Telegram 用户 ID"):
        Settings(_env_file=None)  # type: ignore[call-arg]
