from __future__ import annotations

import pytest

from bot.telegram.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_sliding_window_per_user_says_no_once_per_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(limit=2, window=10, clock=clock)
    assert [limiter.check(1).verdict for _ in range(4)] == ["ok", "ok", "refuse", "silent"]
    assert limiter.check(2).verdict == "ok"  # another user has their own window
    assert limiter.check(1).retry_after == pytest.approx(10)
    clock.now = 10.5
    assert [limiter.check(1).verdict for _ in range(3)] == ["ok", "ok", "refuse"]


def test_invalid_settings_are_refused_with_a_chinese_message() -> None:
    with pytest.raises(ValueError, match="限流设置无效"):
        RateLimiter(limit=0, window=60)
