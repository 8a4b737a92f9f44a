"""End to end: the real python-telegram-bot Application against the fake Bot API on 127.0.0.1.

Updates go in through getUpdates (and the webhook); each test asserts the exact calls the fake recorded.
User 1 is the admin from SAFETYBOT_ADMIN_IDS; others are added in chat or directly in the database.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from bot.assistant import Assistant
from bot.telegram import texts
from knowledge.answer import Answer, Source
from tests.bot.telegram.fake_bot_api import BOT_USER, Call, FakeBotApi
from tests.bot.telegram.harness import BotHarness

ADMIN, STAFF, LEADER, STRANGER = 1, 2, 3, 99
GAS_Q4 = "2023年第四季度（10月1日至11月30日）（领域：燃气），整改完成的隐患共 17 条"
FIRE_Q4 = "2023年第四季度（10月1日至11月30日）（领域：消防），整改完成的隐患共 18 条"
FIRE_Q3 = "2023年第三季度（7月1日至9月30日）（领域：消防），整改完成的隐患共"

LEDGER_CSV = (
    "隐患编号,责任单位,被检查单位,行业领域,隐患描述,隐患等级,发现日期,整改期限,整改状态,整改完成日期\n"
    "T-001,XX镇,老街餐馆,燃气,软管老化,一般,2023-11-01,2023-11-15,已整改,2023-11-10\n"
    "T-002,XX镇,新华超市,消防,灭火器过期,一般,2023-11-02,2023-11-20,未整改,\n"
    "T-003,XX镇,东方宾馆,消防,通道堵塞,重大,2023-13-05,2023-11-30,未整改,\n"
    "T-004,XX镇,西城工地,建筑施工,脚手架缺失,一般,2023-11-03,2023-11-10,已整改,\n"
    "T-005,XX镇,南关学校,消防,<疏散指示>损坏,一般,2023-11-04,2023-11-25,整改中,\n"
).encode()


def add_users(bot: Assistant) -> None:
    bot.users.add(STAFF, "staff", "XX镇", by=ADMIN)
    bot.users.add(LEADER, "leader", None, by=ADMIN)


def answers(fake: FakeBotApi, chat: int) -> list[Call]:
    return [c for c in fake.sent("sendMessage", chat_id=chat) if c.params.get("parse_mode") == "HTML"]


# -- access ----------------------------------------------------------------------------------------


def test_unknown_user_is_refused_once_with_their_id_and_every_attempt_is_logged(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(STRANGER, "本季度燃气隐患整改了多少？")
        await fake.send_text(STRANGER, "/start")
        await fake.send_text(STRANGER, "喂？")
        await bot.idle()
        to_stranger = fake.sent(chat_id=STRANGER)
        assert [c.method for c in to_stranger] == ["sendMessage"]  # no typing, no answer, one refusal
        assert to_stranger[0].text == texts.UNKNOWN_USER.format(telegram_id=STRANGER)

    run_bot(ledger_bot, scenario)
    refused = ledger_bot.audit.recent(action="refused")
    assert [r.detail for r in reversed(refused)] == ["本季度燃气隐患整改了多少？", "/start", "喂？"]
    assert all(r.telegram_id == STRANGER and r.chat_id == STRANGER for r in refused)


def test_group_works_only_once_an_admin_allows_it(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)
    group = -100500

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        mention = f"@{BOT_USER['username']} 本季度燃气隐患整改了多少？"
        await fake.send_text(STAFF, mention, chat_id=group, chat_type="supergroup", title="XX镇安监群")
        await fake.send_text(STAFF, mention, chat_id=group, chat_type="supergroup", title="XX镇安监群")
        await bot.idle()
        assert fake.replies(group) == [texts.GROUP_NOT_ALLOWED]  # told once
        fake.clear()
        await fake.send_text(STAFF, "/users group add", chat_id=group, chat_type="supergroup", title="XX镇安监群")
        await bot.idle()
        assert not fake.replies(group)  # staff cannot open a group; the group was told already
        fake.clear()
        await fake.send_text(ADMIN, "/users group add", chat_id=group, chat_type="supergroup", title="XX镇安监群")
        await bot.idle()
        assert fake.replies(group) == [f"已开通群 {group} XX镇安监群。"]
        fake.clear()
        await fake.send_text(STAFF, "大家好", chat_id=group, chat_type="supergroup")  # not addressed to the bot
        question = await fake.send_text(STAFF, mention, chat_id=group, chat_type="supergroup")
        await bot.idle()
        [reply] = answers(fake, group)
        assert reply.text.startswith("2023年第四季度（10月1日至11月30日）（领域：燃气；单位：XX镇），整改完成的隐患共 4 条")
        assert reply.params["reply_parameters"]["message_id"] == question["message"]["message_id"]

    run_bot(ledger_bot, scenario)
    assert [r.detail for r in reversed(ledger_bot.audit.recent(action="refused_group"))] == [
        f"@{BOT_USER['username']} 本季度燃气隐患整改了多少？"] * 2 + ["/users group add"]


def test_roles_admins_manage_users_leaders_read_staff_upload(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(ADMIN, "/users add 7 leader")
        await fake.send_text(ADMIN, "/users add 8 staff XX街道")
        await fake.send_text(ADMIN, "/users add 9 boss")
        await bot.idle()
        assert fake.replies(ADMIN) == [
            "已添加用户 7（领导）。", "已添加用户 8（工作人员，单位：XX街道）。",
            "角色“boss”无效，可选：admin（管理员）、staff（工作人员）、leader（领导）。",
        ]
        await fake.send_text(7, "/users add 10 admin")  # a leader is no admin
        await fake.send_document(7, "台账.csv", LEDGER_CSV)  # nor may upload
        await fake.send_text(8, "/whoami")
        await bot.idle()
        assert fake.replies(7) == [texts.ADMIN_ONLY.format(what="管理用户和群组"),
                                   texts.UPLOAD_DENIED.format(role="领导")]
        assert fake.replies(8)[0].startswith("您的 Telegram ID：8\n角色：工作人员\n单位：XX街道")
        assert not fake.sent("getFile")
        fake.clear()
        await fake.send_text(ADMIN, "/users remove 8")
        await bot.idle()  # chats are handled concurrently: let the removal land first
        await fake.send_text(8, "还在吗")
        await bot.idle()
        assert fake.replies(ADMIN) == ["已移除用户 8。"]
        assert fake.replies(8) == [texts.UNKNOWN_USER.format(telegram_id=8)]

    run_bot(ledger_bot, scenario)
    denied = [(r.telegram_id, r.detail) for r in reversed(ledger_bot.audit.recent(action="denied"))]
    assert denied == [(7, "/users add 10 admin"), (7, "上传文件：台账.csv")]
    assert [r.detail for r in reversed(ledger_bot.audit.recent(action="users"))][:2] == [
        "/users add 7 leader", "/users add 8 staff XX街道"]


def test_rate_limit_answers_the_limit_then_one_notice(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        for _ in range(6):
            await fake.send_text(LEADER, "本季度燃气隐患整改了多少？")
        await fake.send_text(STAFF, "本季度燃气隐患整改了多少？")  # another user is not held up
        await bot.idle()
        replies = fake.replies(LEADER)
        assert len(replies) == 4 and all(r.startswith(GAS_Q4) for r in replies[:3])
        assert replies[3].startswith("消息太频繁了，请 ") and replies[3].endswith(" 秒后再试。")
        assert len(fake.replies(STAFF)) == 1

    run_bot(ledger_bot, scenario, rate_limit=3, rate_window=600)


# -- conversation ----------------------------------------------------------------------------------


def test_commands_menu_and_start_buttons(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        [menu] = fake.sent("setMyCommands")
        names = [c["command"] for c in menu.params["commands"]]
        assert names == [name for name, _ in texts.COMMANDS]
        assert {"start", "help", "ask", "draft", "brief", "facts", "ledger", "ingest", "whoami", "users",
                "subscribe"} <= set(names)
        await fake.send_text(ADMIN, "/start")
        await bot.idle()
        [greeting] = fake.sent("sendMessage", chat_id=ADMIN)
        assert greeting.text == texts.GREETING
        assert [label for label, _ in greeting.buttons()] == list(texts.EXAMPLES)
        fake.clear()
        message_id = max(fake.messages)
        await fake.press(ADMIN, message_id, greeting.buttons()[0][1])
        await bot.idle()
        assert [c.method for c in fake.sent()] == ["answerCallbackQuery", "sendMessage", "sendChatAction",
                                                   "sendMessage"]  # fmt: skip
        assert fake.replies(ADMIN)[0] == f"问：{texts.EXAMPLES[0]}"
        assert fake.replies(ADMIN)[1].startswith(GAS_Q4)

    run_bot(ledger_bot, scenario)


def test_follow_ups_keep_the_chat_context_across_a_restart(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
        await fake.send_text(ADMIN, "那消防呢？")
        await bot.idle()
        await bot.restart(Assistant(ledger_bot.settings, search_index=ledger_bot.search_index))  # memory is in the DB
        await fake.send_text(ADMIN, "上个季度呢？")
        await fake.send_text(ADMIN, "/ask 今年各领域发现隐患情况")  # a complete question starts afresh
        await bot.idle()
        sent = [c for c in fake.sent("sendMessage", "sendChatAction", chat_id=ADMIN)]
        assert [c.method for c in sent] == ["sendChatAction", "sendMessage"] * 4  # typing before each answer
        assert all(c.params["action"] == "typing" for c in sent[::2])
        replies = [c.text for c in sent[1::2]]
        assert replies[0].startswith(GAS_Q4)
        assert replies[1].startswith(FIRE_Q4)
        assert replies[2].startswith(FIRE_Q3)
        assert replies[3].startswith("2023年（1月1日至11月30日），各领域发现的隐患：")

    run_bot(ledger_bot, scenario)


class LongAnswers(Assistant):
    """A named fake: answers every question with a 6000-character text full of characters HTML must escape."""

    def ask(self, question: str, **kwargs: Any) -> Answer:
        paragraphs = [f"第{i}段<要点>&“{question}”：" + "安全生产责任落实到位。" * 25 for i in range(1, 22)]
        text = "\n\n".join(paragraphs)
        assert len(text) > 6000
        return Answer(text=text, kind="passage",
                      sources=(Source(type="report", title="某镇<2023>总结", quote="原文 & 引文"),))


def test_a_6000_character_answer_is_split_at_paragraphs_and_escaped(run_bot: Any, ledger_bot: Assistant) -> None:
    long_bot = LongAnswers(ledger_bot.settings, db=ledger_bot.db, search_index=ledger_bot.search_index)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(ADMIN, "讲讲<b>责任</b>落实")
        await bot.idle()
        parts = answers(fake, ADMIN)
        assert len(parts) == 2
        assert all(len(p.text) <= 4096 for p in parts)
        unescaped = [p.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for p in parts]
        assert "\n\n".join(unescaped) == long_bot.ask("讲讲<b>责任</b>落实").text  # cut between paragraphs only
        assert "<b>" not in parts[0].text and "&lt;b&gt;责任&lt;/b&gt;" in parts[0].text
        assert not parts[0].buttons() and parts[1].buttons()[0][0] == "来源（1）"
        fake.clear()
        await fake.press(ADMIN, max(fake.messages), parts[1].buttons()[0][1])
        await bot.idle()
        [expanded] = fake.sent("editMessageText")
        assert expanded.text.endswith("<b>来源</b>\n\n1. 《某镇&lt;2023&gt;总结》\n\n<blockquote>原文 &amp; 引文</blockquote>")
        assert "reply_markup" not in expanded.params

    run_bot(long_bot, scenario)


def test_sources_button_expands_the_ledger_codes(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
        await bot.idle()
        [reply] = answers(fake, ADMIN)
        label, data = reply.buttons()[0]
        assert label == "来源（1）" and data.startswith("src:")
        await bot.restart()  # the sources are kept in the database too
        await fake.press(ADMIN, max(fake.messages), data)
        await bot.idle()
        [expanded] = fake.sent("editMessageText")
        assert expanded.text.startswith(reply.text + "\n\n<b>来源</b>\n\n1. 隐患台账\n\n<blockquote>领域：燃气；")
        assert "隐患编号：YH20230419、" in expanded.text
        await fake.press(ADMIN, max(fake.messages), "src:unknownkey")
        await bot.idle()
        assert fake.sent("answerCallbackQuery")[-1].params["text"] == texts.SOURCES_FORGOTTEN

    run_bot(ledger_bot, scenario)


def test_a_user_tied_to_an_org_gets_its_figures_by_default(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(STAFF, "本季度燃气隐患整改了多少？")
        await fake.send_text(STAFF, "全部单位本季度燃气隐患整改了多少？")
        await fake.send_text(LEADER, "本季度燃气隐患整改了多少？")
        await bot.idle()
        mine, everyone = (c.text for c in answers(fake, STAFF))
        assert mine.startswith("2023年第四季度（10月1日至11月30日）（领域：燃气；单位：XX镇），整改完成的隐患共 4 条")
        assert "按您的单位“XX镇”统计" in mine
        assert everyone.startswith(GAS_Q4)
        assert answers(fake, LEADER)[0].text.startswith(GAS_Q4)

    run_bot(ledger_bot, scenario)


# -- uploads ---------------------------------------------------------------------------------------


def test_ledger_upload_reports_rejected_rows_and_keeps_the_rest(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_document(STAFF, "11月台账.csv", LEDGER_CSV)
        await bot.idle()
        methods = [c.method for c in fake.sent(chat_id=STAFF) if c.method != "sendChatAction"]
        assert methods[0] == "sendMessage" and fake.sent(chat_id=STAFF)[0].text == "已收到《11月台账.csv》，正在下载……"
        assert fake.sent("getFile")[0].params["file_id"] == "file-1"
        final = fake.sent("editMessageText")[-1].text
        assert final == (
            "台账《11月台账.csv》导入完成：新增 3 条，更新 0 条，未变 0 条，拒收 2 行。\n\n"
            "<b>未导入的行（其余行已导入）：</b>\n\n"
            "第 4 行［发现日期］：日期无法识别：“2023-13-05”；可用格式：2023-01-03、2023/1/3、2023.1.3、"
            "2023年1月3日、20230103 或 Excel 日期单元格\n"
            "第 5 行［整改完成日期］：整改状态为已整改但无整改完成日期"
        )
        assert "&lt;疏散指示&gt;" not in final  # row 6 was valid: imported, not listed
        assert "正在导入台账，已写入行 3/3" in [c.text for c in fake.sent("editMessageText")]

    run_bot(ledger_bot, scenario)
    assert ledger_bot.counts()["hazards"] == 655 + 3
    [entry] = ledger_bot.audit.recent(action="import")
    assert entry.telegram_id == STAFF and entry.detail.startswith("11月台账.csv（")
    assert entry.result == "台账导入：新增 3，更新 0，未变 0，拒收 2 行"


def test_report_upload_edits_one_status_message_through_the_progress_callback(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)
    report = ("柳林镇2023年第三季度安全生产工作总结\n\n今年第三季度，全镇共检查企业86家，发现隐患132处，"
              "已整改120处。\n\n下一步，我镇将继续加强燃气安全检查。\n").encode()  # fmt: skip

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_document(STAFF, "柳林镇三季度总结.txt", report, caption="报告")
        await fake.send_document(STAFF, "柳林镇三季度总结.txt", report)  # the same again: a duplicate
        await bot.idle()
        status_ids = {c.params["message_id"] for c in fake.sent("editMessageText")}
        assert len(status_ids) == 2  # one status message per upload, edited in place
        edits = [c.text for c in fake.sent("editMessageText")]
        assert any(e.startswith("正在处理 1/1：《") for e in edits)
        finals = [e for e in edits if e.startswith("入库完成")]
        assert finals[0].startswith("入库完成：新增 1，近似重复 0，重复 0，拒收 0。")
        assert "已入库 《柳林镇2023年第三季度安全生产工作总结》（报告），抽取数字" in finals[0]
        assert finals[1].startswith("入库完成：新增 0，近似重复 0，重复 1，拒收 0。")

    run_bot(ledger_bot, scenario)
    assert ledger_bot.counts()["reports"] == 1
    assert [r.result for r in reversed(ledger_bot.audit.recent(action="ingest"))] == [
        "入库：新增 1，近似重复 0，重复 0，拒收 0", "入库：新增 0，近似重复 0，重复 1，拒收 0"]


def test_too_large_or_unsupported_uploads_get_a_clear_message(run_bot: Any, ledger_bot: Assistant) -> None:
    add_users(ledger_bot)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_document(STAFF, "大台账.xlsx", b"PK", file_size=25 * 1024 * 1024)
        await fake.send_document(STAFF, "照片.jpg", b"\xff\xd8")
        await bot.idle()
        assert fake.replies(STAFF) == [
            "文件《大台账.xlsx》有 25.0 MB，超过上限 20 MB，未处理。请拆分后再发，或由管理员在服务器上用命令行导入。",
            "不支持这种文件：照片.jpg。报告或法规请发 .docx、.pdf、.txt，隐患台账请发 .csv 或 .xlsx。",
        ]
        assert not fake.sent("getFile")

    run_bot(ledger_bot, scenario)
    assert [r.result for r in reversed(ledger_bot.audit.recent())][-2:] == [
        "拒收：文件 25.0 MB 超过上限", "拒收：不支持的文件类型"]


# -- robustness ------------------------------------------------------------------------------------


class FailsOnce(Assistant):
    """A named fake: the first question raises an internal error, later ones are answered normally."""

    failed = False

    def ask(self, question: str, **kwargs: Any) -> Answer:
        if not self.failed:
            self.failed = True
            raise RuntimeError("internal detail: /var/lib/secret.db is locked")
        return super().ask(question, **kwargs)


def test_the_error_handler_logs_and_replies_without_internals(
    run_bot: Any, ledger_bot: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    failing = FailsOnce(ledger_bot.settings, db=ledger_bot.db, search_index=ledger_bot.search_index)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        with caplog.at_level(logging.ERROR, logger="bot.telegram.app"):
            await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
            await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
            await bot.idle()
        replies = fake.replies(ADMIN)
        assert replies[0] == texts.FAILED and "secret" not in "".join(replies)
        assert replies[1].startswith(GAS_Q4)  # the bot keeps working
        assert any("secret.db is locked" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)

    run_bot(failing, scenario)


def test_network_errors_to_telegram_are_retried_and_nothing_is_sent_twice(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        fake.failures["sendMessage"] = 2  # the connection drops twice
        await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
        await bot.idle()
        assert [c.method for c in fake.sent("sendMessage", "sendMessage!failed")] == [
            "sendMessage!failed", "sendMessage!failed", "sendMessage"]
        assert len(fake.replies(ADMIN)) == 1

    run_bot(ledger_bot, scenario)


def test_updates_arrive_through_the_webhook_too(run_bot: Any, ledger_bot: Assistant) -> None:
    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        assert fake.webhook is not None and fake.webhook["secret_token"] == "webhook-secret"
        [hook] = fake.sent("setWebhook")
        assert hook.params["url"].endswith("/telegram")
        await fake.send_text(ADMIN, "本季度燃气隐患整改了多少？")
        await fake.send_text(STRANGER, "你好")
        await bot.idle()
        assert fake.replies(ADMIN)[0].startswith(GAS_Q4)
        assert fake.replies(STRANGER) == [texts.UNKNOWN_USER.format(telegram_id=STRANGER)]
        assert not fake.sent("getUpdates")

    run_bot(ledger_bot, scenario, webhook=True)


# -- subscriptions and scheduled pushes -------------------------------------------------------------


def test_subscribe_and_the_daily_overdue_reminder(run_bot: Any, ledger_bot: Assistant) -> None:
    ledger_bot.users.add(STAFF, "staff", "XX街道", by=ADMIN)

    async def scenario(fake: FakeBotApi, bot: BotHarness) -> None:
        await fake.send_text(STAFF, "/subscribe")
        await bot.idle()
        [menu] = fake.sent("sendMessage", chat_id=STAFF)
        assert [label for label, _ in menu.buttons()] == ["⬜ 每周简报", "⬜ 重大隐患逾期每日提醒"]
        await fake.press(STAFF, max(fake.messages), menu.buttons()[1][1])
        await bot.idle()
        [toggled] = fake.sent("editMessageReplyMarkup")
        assert [b["text"] for row in toggled.params["reply_markup"]["inline_keyboard"] for b in row] == [
            "⬜ 每周简报", "✅ 重大隐患逾期每日提醒"]
        fake.clear()
        assert bot.app is not None and bot.app.job_queue is not None
        [job] = bot.app.job_queue.get_jobs_by_name("overdue-reminder")
        await job.run(bot.app)
        [reminder] = fake.sent("sendMessage", chat_id=STAFF)
        assert reminder.text.startswith("<b>重大隐患逾期提醒（XX街道）：截至2023年11月30日，已过整改期限仍未整改的重大隐患 2 条</b>")
        assert "YH20230217｜XX街道｜" in reminder.text and "YH20230304｜XX街道｜" in reminder.text
        assert "县住建局" not in reminder.text

    run_bot(ledger_bot, scenario)
    assert ledger_bot.subscriptions.of(STAFF) == {"overdue"}


def test_a_removed_user_gets_no_pushes(ledger_bot: Assistant) -> None:
    ledger_bot.users.add(LEADER, "leader", None, by=ADMIN)
    ledger_bot.subscriptions.set(LEADER, LEADER, "brief", True)
    assert [s.chat_id for s in ledger_bot.subscriptions.subscribers("brief")] == [LEADER]
    ledger_bot.users.remove(LEADER)
    assert ledger_bot.subscriptions.subscribers("brief") == []


def test_overdue_of_an_unknown_org_is_empty_not_everyone(ledger_bot: Assistant) -> None:
    day = date(2023, 11, 30)
    assert ledger_bot.overdue_major(org="张家镇", today=day).count == 0
    assert ledger_bot.overdue_major(today=day).count == 5
    assert replace(ledger_bot.overdue_major(org="XX街道", today=day), lines=()).codes == ("YH20230217", "YH20230304")
