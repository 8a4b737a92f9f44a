"""Per-user rate limit (pure): at most `limit` messages in any `window` seconds, so no one starves the rest."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ok", "refuse", "silent"]


@dataclass(frozen=True)
class Decision:
    verdict: Verdict  # ok: go on; refuse: say so once; silent: already said, drop quietly
    retry_after: float = 0.0


class RateLimiter:
    """A sliding window per key. The first refused message in a burst is answered, later ones are dropped."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("限流设置无效：rate_limit 至少为 1，rate_window 须大于 0。")
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[int, deque[float]] = {}
        self._told: set[int] = set()

    def check(self, key: int) -> Decision:
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            self._told.discard(key)
            return Decision("ok")
        retry_after = hits[0] + self.window - now
        if key in self._told:
            return Decision("silent", retry_after)
        self._told.add(key)
        return Decision("refuse", retry_after)
