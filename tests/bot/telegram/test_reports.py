"""/draft, /brief and the weekly push, end to end through the fake Bot API.

The drafting service is represented by a named fake that follows its contract (Assistant.draft/brief,
draft_choices, draft_domains; Draft.title/text/missing/notices/write_docx, Briefing.text/chart_bytes), so
these tests check the chat door: buttons for what a request leaves open, the draft as messages and as a
real .docx document, the briefing text and its chart as a photo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document

from bot.assistant import Assistant
from bot.telegram.handlers.reports import DRAFT_USAGE, NOT_YET
from tests.bot.telegram.fake_bot_api import FakeBotApi
from tests.bot.telegram.harness import BotHarness

STAFF, LEADER = 2, 3
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class ContractDraft:
    title: str
    text: str
    missing: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    open_choices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text}

    def write_docx(self, path: Path) -> list[str]:
        document = Document()
        document.add_heading(self.title, level=1)
        for part in self.text.split("\n\n"):
            document.add_paragraph(part)
        document.save(str(path))
        return ["仿宋_GB2312→Noto Serif CJK SC"]


@dataclass
class ContractBriefing:
    title: str
    text: str

    def chart_bytes(self) -> bytes:
        return PNG

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text}


class ContractDrafting(Assistant):
    """A named fake of the drafting service: records its calls, answers with fixed texts."""

    calls: list[dict[str, Any]]

    def draft_choices(self, request: str, *, org: str | None = None) -> tuple[str, ...]:
        return ("section", "domain", "period", "org")

    def draft_domains(self) -> tuple[str, ...]:
        return ("燃气", "消防")

    def draft(self, request: str, *, org: str | None = None, today: Any = None, section: str | None = None,
              domain: str | None = None, period: str | None = None) -> ContractDraft:  # fmt: skip
        self.calls.append({"request": request, "org": org, "section": section, "domain": domain, "period": period})
        return ContractDraft(
            title="XX镇2023年上半年安全生产工作存在的问题",
            text="一、隐患整改进度不均衡。上半年发现隐患 113 条，其中 <重大> 隐患 2 条。\n\n二、基层力量薄弱。",
            missing=("专职安全员人数",), notices=("数字均来自隐患台账。",),
        )

    def brief(self, *, period: str = "本季度", org: str | None = None, today: Any = None) -> ContractBriefing:
        self.calls.append({"brief": period, "org": org})
        return ContractBriefing(title=f"{period}安全生产简报", text=f"{period}安全生产简报\n\n发现隐患 122 条，整改 58 条。")


class NoDrafting(Assistant):
    """A release without the drafting package."""

    draft = None  # type: ignore[assignment]
    brief = None  # type: ignore[assignment]


def _drafting(bot: Assistant) -> ContractDrafting:
    fake = ContractDrafting(bot.settings, db=bot.db, search_index=bot.search_index)
    fake.calls = []
    return fake


def test_draft_asks_what_the_request_leaves_open_then_delivers_text_and_docx(run_bot: Any, ledger_bot: Assistant) -> None:
    drafting = _drafting(ledger_bot)
    drafting.users.add(STAFF, "staff", "XX镇", by=1)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(STAFF, "/draft")
        await fake.send_text(STAFF, "/draft 上半年工作材料")
        await bot.idle()
        usage, question = fake.sent("sendMessage", chat_id=STAFF)
        assert usage.text == DRAFT_USAGE
        assert question.text == "“上半年工作材料”：起草哪一部分？"
        assert [label for label, _ in question.buttons()] == ["工作开展情况", "存在的问题", "下一步工作计划", "全文"]
        await fake.press(STAFF, max(fake.messages), question.buttons()[1][1])
        await bot.idle()
        assert fake.sent("editMessageText")[-1].text == "“上半年工作材料”：起草哪一部分？存在的问题"
        domain_question = fake.sent("sendMessage", chat_id=STAFF)[-1]
        assert [label for label, _ in domain_question.buttons()] == ["燃气", "消防", "不限"]
        await fake.press(STAFF, max(fake.messages), domain_question.buttons()[2][1])  # 不限
        await bot.idle()
        period_question = fake.sent("sendMessage", chat_id=STAFF)[-1]
        assert period_question.text == "“上半年工作材料”：哪个时段？"
        await fake.press(STAFF, max(fake.messages), period_question.buttons()[3][1])  # 上半年
        await fake.press(STAFF, max(fake.messages), period_question.buttons()[0][1])  # a second press is ignored
        await bot.idle()
        assert drafting.calls == [{"request": "上半年工作材料", "org": "XX镇", "section": "存在的问题", "domain": None,
                                   "period": "上半年"}]  # fmt: skip
        delivered = fake.sent("sendMessage", chat_id=STAFF)[-1]
        assert delivered.text == (
            "<b>XX镇2023年上半年安全生产工作存在的问题</b>\n\n"
            "一、隐患整改进度不均衡。上半年发现隐患 113 条，其中 &lt;重大&gt; 隐患 2 条。\n\n二、基层力量薄弱。\n\n"
            "<i>数字均来自隐患台账。\n【待补充：专职安全员人数】</i>"
        )
        assert delivered.buttons()[0][0] == "导出 Word（.docx）"
        await fake.press(STAFF, max(fake.messages), delivered.buttons()[0][1])
        await bot.idle()
        [sent] = fake.sent("sendDocument", chat_id=STAFF)
        upload = sent.params["document"]
        assert upload["filename"] == "XX镇2023年上半年安全生产工作存在的问题.docx"
        paragraphs = [p.text for p in Document(io.BytesIO(upload["data"])).paragraphs]
        assert paragraphs[0] == "XX镇2023年上半年安全生产工作存在的问题" and "二、基层力量薄弱。" in paragraphs
        assert "仿宋_GB2312→Noto Serif CJK SC" in sent.text

    run_bot(drafting, scenario)


def test_brief_sends_text_then_chart_and_the_weekly_push(run_bot: Any, ledger_bot: Assistant) -> None:
    drafting = _drafting(ledger_bot)
    drafting.users.add(LEADER, "leader", None, by=1)
    drafting.subscriptions.set(LEADER, LEADER, "brief", True)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(LEADER, "/brief 上个月")
        await bot.idle()
        methods = [c.method for c in fake.sent(chat_id=LEADER) if c.method != "sendChatAction"]
        assert methods == ["sendMessage", "sendPhoto"]
        assert fake.replies(LEADER) == ["上个月安全生产简报\n\n发现隐患 122 条，整改 58 条。",
                                        "上个月安全生产简报：各月发现与整改、各领域未整改"]  # fmt: skip
        assert fake.sent("sendPhoto")[0].params["photo"]["data"] == PNG
        fake.clear()
        assert bot.app is not None and bot.app.job_queue is not None
        [job] = bot.app.job_queue.get_jobs_by_name("weekly-brief")
        await job.run(bot.app)
        assert [c.method for c in fake.sent(chat_id=LEADER) if c.method != "sendChatAction"] == ["sendMessage", "sendPhoto"]
        assert drafting.calls[-1] == {"brief": "本周", "org": None}

    run_bot(drafting, scenario)


def test_without_drafting_the_commands_say_so(run_bot: Any, ledger_bot: Assistant) -> None:
    release = NoDrafting(ledger_bot.settings, db=ledger_bot.db, search_index=ledger_bot.search_index)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(1, "/draft 上半年燃气安全工作情况")
        await fake.send_text(1, "/brief")
        await bot.idle()
        assert fake.replies(1) == [NOT_YET, NOT_YET]

    run_bot(release, scenario)


def test_the_real_drafting_service_through_the_bot(run_bot: Any, ledger_bot: Assistant) -> None:
    """Drafts and briefings typed as messages reach the drafting service through the question path."""
    ledger_bot.users.add(STAFF, "staff", "XX镇", by=1)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(STAFF, "帮我起草本季度燃气隐患排查治理工作开展情况")
        await bot.idle()
        [drafted] = [c for c in fake.sent("sendMessage", chat_id=STAFF)]
        assert "XX镇" in drafted.text and drafted.buttons()[0][0] == "导出 Word（.docx）"
        await fake.press(STAFF, max(fake.messages), drafted.buttons()[0][1])
        await bot.idle()
        [sent] = fake.sent("sendDocument", chat_id=STAFF)
        assert sent.params["document"]["filename"].endswith(".docx")
        assert any("XX镇" in p.text for p in Document(io.BytesIO(sent.params["document"]["data"])).paragraphs)
        fake.clear()
        await fake.send_text(STAFF, "/draft 隐患整改工作")  # leaves section, domain and period open
        await bot.idle()
        [question] = fake.sent("sendMessage", chat_id=STAFF)
        assert question.text == "“隐患整改工作”：起草哪一部分？"
        fake.clear()
        await fake.send_text(STAFF, "给领导出一份本季度简报")
        await bot.idle()
        methods = [c.method for c in fake.sent(chat_id=STAFF) if c.method != "sendChatAction"]
        assert methods[-1] == "sendPhoto" and methods.count("sendPhoto") == 1
        assert fake.sent("sendPhoto")[0].params["photo"]["data"].startswith(b"\x89PNG")

    run_bot(ledger_bot, scenario)
