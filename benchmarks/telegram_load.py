"""Load test of the Telegram door: simulated users chatting with the real Application through the fake
Bot API (long polling), each sending its next message once the previous one is answered.

Reports messages/s, reply latency (update queued → answer received by the fake), errors (replies saying
"出错了" and replies that never came) and whether every update was answered exactly once.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.assistant import Assistant
from bot.telegram import texts
from tests.bot.telegram.fake_bot_api import Call, FakeBotApi
from tests.bot.telegram.harness import BotHarness, bot_settings

CONVERSATION = (
    "本季度燃气隐患整改了多少？", "那消防呢？", "上个季度呢？", "今年各领域发现隐患情况", "有多少隐患逾期未整改？",
    "重大隐患有哪些没整改？", "本季度整改率是多少？", "区城镇燃气上半年排查了多少户？", "燃气用户不得有哪些行为？",
    "城镇燃气管理条例第二十八条",
)  # fmt: skip
FIRST_USER = 10_000


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def _load(assistant: Assistant, data_dir: Path, users: int, messages: int) -> dict[str, Any]:
    fake = FakeBotApi()
    await fake.start()
    answers: dict[int, list[Call]] = defaultdict(list)
    arrived: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def on_call(call: Call) -> None:
        if call.method == "sendMessage" and call.chat_id is not None and call.chat_id >= FIRST_USER:
            answers[call.chat_id].append(call)
            arrived[call.chat_id].set()

    fake.listeners.append(on_call)
    for i in range(users):
        assistant.users.add(FIRST_USER + i, "staff", None, by=None)
    settings = bot_settings(data_dir, fake, rate_limit=messages * 10)  # measure throughput, not the limiter
    latencies: list[float] = []
    lost = 0

    async def user(uid: int) -> None:
        nonlocal lost
        for n in range(messages):
            arrived[uid].clear()
            expected = len(answers[uid]) + 1
            sent = time.perf_counter()
            await fake.send_text(uid, CONVERSATION[(n + uid) % len(CONVERSATION)])
            try:
                while len(answers[uid]) < expected:
                    await asyncio.wait_for(arrived[uid].wait(), 60)
                    arrived[uid].clear()
            except TimeoutError:
                lost += 1
                continue
            latencies.append(time.perf_counter() - sent)

    try:
        async with BotHarness(fake, assistant, settings) as harness:
            started = time.perf_counter()
            await asyncio.gather(*(user(FIRST_USER + i) for i in range(users)))
            elapsed = time.perf_counter() - started
            await harness.idle()
    finally:
        await fake.stop()
    replies = [c for calls in answers.values() for c in calls]
    errors = sum(1 for c in replies if c.text == texts.FAILED) + lost
    return {
        "users": users, "messages": users * messages, "seconds": elapsed,
        "messages_per_s": users * messages / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": _p95(latencies) * 1000 if latencies else float("nan"),
        "errors": errors,
        "answered_once": all(len(answers[FIRST_USER + i]) == messages for i in range(users)),
        "replies": len(replies),
    }  # fmt: skip


def run_load(assistant: Assistant, *, users: int = 50, messages: int = 20) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_load(assistant, Path(tmp), users, messages))


def rows(result: dict[str, Any], single: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """Table rows for `make bench`; `single`: one user alone, the latency without queueing."""
    alone = [] if single is None else [
        ("Telegram reply latency, one user alone", f"p50 {single['p50_ms']:.0f} ms · p95 {single['p95_ms']:.0f} ms")]
    return [*alone,
        (f"Telegram load: {result['users']} users × {result['messages'] // result['users']} messages",
         f"{result['messages_per_s']:.1f} msg/s ({result['seconds']:.1f} s)"),
        ("Telegram reply latency (queued → answer sent)", f"p50 {result['p50_ms']:.0f} ms · p95 {result['p95_ms']:.0f} ms"),
        ("Telegram errors / every update answered once",
         f"{result['errors']} / {'yes' if result['answered_once'] else 'NO'} ({result['replies']} replies)"),
    ]  # fmt: skip
