"""A real conversation on the sample corpus (real SQLite, Chroma and e5): the README's transcript comes
from this test (run it with -s to print it)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from bot.assistant import Assistant
from bot.telegram import texts
from tests.bot.telegram.fake_bot_api import Call, FakeBotApi
from tests.bot.telegram.harness import BotHarness

STAFF = 2
pytestmark = pytest.mark.slow


def plain(call: Call) -> str:
    """What the user sees of a message: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"</?(?:b|i|code|blockquote)>", "", call.text))


def transcript(said: list[tuple[str, str]]) -> str:
    lines = []
    for who, text in said:
        lines.append(f"{who}：{text}" if "\n" not in text else f"{who}：\n" + "\n".join(f"  {t}" for t in text.splitlines()))
    return "\n".join(lines)


def test_a_conversation_on_the_sample_corpus(run_bot: Any, sample_bot: Assistant) -> None:
    sample_bot.users.add(STAFF, "staff", None, by=1)
    said: list[tuple[str, str]] = []

    async def turn(fake: FakeBotApi, bot: BotHarness, text: str) -> list[Call]:
        before = len(fake.calls)
        said.append(("用户", text))
        await fake.send_text(STAFF, text)
        await bot.idle()
        new = [c for c in fake.calls[before:] if c.method in ("sendMessage", "editMessageText")]
        for call in new:
            buttons = "  ".join(f"［{label}］" for label, _ in call.buttons())
            said.append(("助手", plain(call) + (f"\n{buttons}" if buttons else "")))
        return new

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        [law] = await turn(fake, bot, "燃气用户不得有哪些行为？")
        assert "〔《城镇燃气管理条例》第二十八条〕" in law.text and "\n来源：" not in law.text
        label, data = law.buttons()[0]
        before = len(fake.calls)
        said.append(("用户", f"（点按钮 {label}）"))
        await fake.press(STAFF, max(fake.messages), data)
        await bot.idle()
        expanded = [c for c in fake.calls[before:] if c.method in ("editMessageText", "sendMessage")]
        assert expanded and "<b>来源</b>" in expanded[0].text and "<blockquote>第二十八条" in "".join(
            c.text for c in expanded)
        said.append(("助手", "（消息展开，列出来源及原文）\n" + plain(expanded[0]).split("来源\n", 1)[-1][:160] + "…"))
        [report] = await turn(fake, bot, "区城镇燃气上半年排查了多少户？")
        assert "73128户" in report.text and "原文：" not in report.text
        [gas] = await turn(fake, bot, "本季度燃气隐患整改了多少？")
        assert gas.text.startswith("2023年第四季度（10月1日至11月30日）（领域：燃气），整改完成的隐患共 17 条")
        [fire] = await turn(fake, bot, "那消防呢？")
        assert "（领域：消防），整改完成的隐患共 18 条" in fire.text
        [earlier] = await turn(fake, bot, "上个季度呢？")
        assert earlier.text.startswith("2023年第三季度（7月1日至9月30日）（领域：消防）")
        [facts] = await turn(fake, bot, "/facts 区城镇燃气 燃气")
        assert facts.text.startswith("<b>报告中抽取的数字（单位含“区城镇燃气”；领域：燃气）共 ")
        [ledger] = await turn(fake, bot, "/ledger")
        assert ledger.text.startswith("隐患台账现有 655 条隐患记录；报告 ")
        [helped] = await turn(fake, bot, "/help")
        assert helped.text == texts.HELP.format(limit="20")

    run_bot(sample_bot, scenario)
    print("\n" + transcript(said))
