"""Command line: parses arguments, calls the Assistant, prints. No logic of its own."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from knowledge.errors import SafetybotError

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from knowledge.settings import Settings

app = typer.Typer(
    help="安全生产助手 safetybot：隐患台账统计、报告与法规检索（命令行）。",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="评测：统计问答、事实抽取、检索。", add_completion=False)
app.add_typer(eval_app, name="eval")
users_app = typer.Typer(help="Telegram 机器人的用户和角色（与机器人里的 /users 相同）。", add_completion=False)
app.add_typer(users_app, name="users")

TodayOption = Annotated[
    str | None, typer.Option("--today", help="把“今天”设为某日（YYYY-MM-DD），用于“本季度”等相对时间")
]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON")]


class _State:
    settings: Settings | None = None
    assistant: Assistant | None = None


_state = _State()


def settings(today: str | None = None) -> Settings:
    from knowledge.settings import Settings

    if _state.settings is None:
        _state.settings = Settings()
    if today:
        _state.settings = _state.settings.model_copy(update={"today": parse_date(today)})
    return _state.settings


def assistant(today: str | None = None) -> Assistant:
    from bot.assistant import Assistant

    current = settings(today)
    if _state.assistant is None or _state.assistant.settings is not current:
        db = _state.assistant.db if _state.assistant else None
        _state.assistant = Assistant(current, db=db)
    return _state.assistant


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到：{text}") from None


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[bold red]错误：[/]{message}", highlight=False)
    raise typer.Exit(1)


@app.callback()
def main() -> None:
    """安全生产助手 safetybot。"""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # some libraries (bm25s) set their loggers to DEBUG
        handler.setLevel(logging.WARNING)
    for noisy in ("httpx", "chromadb", "jieba", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def prepare(bot: Assistant) -> None:
    """First start: load the bundled samples; later starts: re-read the reports an older version stored,
    then rebuild a missing search index."""
    from bot import output

    if bot.db.is_empty():
        output.print_loading_samples()
        with output.file_progress() as tick:
            output.print_samples_loaded(bot.load_samples(on_progress=tick))
    else:
        outdated = bot.outdated_reports()
        if outdated:
            with output.file_progress(verb="报告读取规则已更新，正在重新抽取") as tick:
                reread = bot.reread_outdated(outdated, on_progress=tick)
            output.say(f"已按新的读取规则重新抽取 {len(reread)} 篇报告的统计数字。")
        with output.count_progress("检索索引不完整，正在按数据库重建") as update:
            if bot.ensure_index(on_progress=update):
                output.say("已按数据库重建检索索引。")


def serve_telegram(bot: Assistant) -> None:
    from bot import output
    from bot.telegram.app import run_bot

    logging.getLogger().setLevel(logging.INFO)  # a long-running service: its log is the operator's view
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    output.print_bot_starting(bot.settings.webhook_url)
    run_bot(bot, bot.settings)


@app.command()
def start() -> None:
    """主任务：首次启动时载入自带样例数据，然后运行 Telegram 机器人（设置了 TELEGRAM_BOT_TOKEN）或终端对话。"""
    try:
        bot = assistant()
        prepare(bot)
        if bot.settings.telegram_bot_token:
            serve_telegram(bot)
            return
        from bot.chat import run_chat

        run_chat(bot)
    except SafetybotError as exc:
        fail(exc.message)


@app.command("bot")
def telegram_bot() -> None:
    """运行 Telegram 机器人（需要 TELEGRAM_BOT_TOKEN；设置 SAFETYBOT_WEBHOOK_URL 时用 webhook，否则长轮询）。"""
    try:
        bot = assistant()
        if not bot.settings.telegram_bot_token:
            fail("未设置 TELEGRAM_BOT_TOKEN：请先向 @BotFather 申请机器人令牌，写入环境变量或 .env。")
        prepare(bot)
        serve_telegram(bot)
    except SafetybotError as exc:
        fail(exc.message)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="用中文提问，例如：本季度燃气隐患整改了多少条？")],
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """回答一个问题（统计数字、报告或法规内容），给出依据。"""
    from bot import output

    try:
        answer = assistant(today).ask(question)
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(answer.to_dict())
    else:
        output.print_answer(answer)


@app.command()
def chat(today: TodayOption = None) -> None:
    """交互式对话；会记住上一问的条件，可以追问“那消防呢？”“上个季度呢？”。"""
    from bot.chat import run_chat

    try:
        run_chat(assistant(today))
    except SafetybotError as exc:
        fail(exc.message)


@app.command()
def facts(
    org: Annotated[str | None, typer.Option("--org", help="按单位筛选（包含即可）")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="按领域筛选，如 燃气、消防")] = None,
    full: Annotated[bool, typer.Option("--full", help="显示整句原文（默认只显示数字前后的一小段）")] = False,
    as_json: JsonOption = False,
) -> None:
    """列出从报告中抽取的统计数字及其原文出处（按报告分组，适合 80 列终端）。"""
    from bot import output

    try:
        rows = assistant().facts(org=org, domain=domain)
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(rows)
    else:
        output.print_facts(rows, full=full)


@app.command("import-ledger")
def import_ledger(
    file: Annotated[Path, typer.Argument(help="隐患台账文件（.csv 或 .xlsx）")],
    as_json: JsonOption = False,
) -> None:
    """导入隐患台账：按隐患编号新增或更新，逐行报告无法导入的原因。"""
    from bot import output

    try:
        with output.count_progress("正在导入台账（行）") as update:
            result = assistant().import_ledger(file, on_progress=lambda done, total, _name: update(done, total))
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(result.to_dict())
    else:
        output.print_import_result(result)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="报告或法规文件、文件夹（.txt .md .docx .pdf）")],
    regulation: Annotated[
        bool | None,
        typer.Option("--regulation/--report", help="按法规/报告入库；不指定则按“第X条”结构自动识别"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """导入报告或法规：抽取统计数字、建立检索索引；报告新增、重复和拒收的文件及原因。"""
    from bot import output

    try:
        with output.file_progress(disabled=as_json) as tick:
            report = assistant().ingest(paths, regulation=regulation, on_progress=tick)
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(report.to_dict())
    else:
        output.print_ingest_report(report)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="检索内容")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="返回段落数")] = 5,
    source: Annotated[
        str | None, typer.Option("--source", help="只检索 report（报告）或 regulation（法规）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """只做检索：列出排名靠前的段落（全文、标题、章节或条款、得分），用于核查回答的来源。"""
    from bot import output

    if source not in (None, "report", "regulation"):
        fail("--source 只能是 report 或 regulation")
    try:
        hits = assistant().search(query, k=k, source=source)
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json([output.hit_dict(hit) for hit in hits])
    else:
        output.print_hits(hits)


@app.command()
def reindex() -> None:
    """按数据库中的文档重建检索索引（向量库和 BM25）。"""
    from bot import output

    try:
        with output.count_progress("重建索引") as update:
            count = assistant().reindex(on_progress=update)
    except SafetybotError as exc:
        fail(exc.message)
        return
    output.say(f"已重建索引：{count} 个段落。")


@users_app.command("list")
def users_list(as_json: JsonOption = False) -> None:
    """列出用户：Telegram ID、角色、单位。"""
    accounts = assistant().users.all()
    if as_json:
        emit_json([{"telegram_id": a.telegram_id, "role": a.role, "org": a.org} for a in accounts])
        return
    from bot import output

    output.say("\n".join(a.describe() for a in accounts) or "还没有用户。")


@users_app.command("add")
def users_add(
    telegram_id: Annotated[int, typer.Argument(help="Telegram 用户 ID（未登记的人给机器人发消息即可看到）")],
    role: Annotated[str, typer.Argument(help="admin（管理员）、staff（工作人员）或 leader（领导）")],
    org: Annotated[str | None, typer.Argument(help="所属单位：统计和起草默认按它（可不填）")] = None,
) -> None:
    """添加用户或修改其角色、单位，例如：safetybot users add 12345 admin。"""
    from bot import output
    from knowledge.users.roles import parse_role

    try:
        account, created = assistant().users.add(telegram_id, parse_role(role), org, by=None)
    except SafetybotError as exc:
        fail(exc.message)
        return
    output.say(f"{'已添加' if created else '已更新'}用户 {account.describe()}。")


@users_app.command("remove")
def users_remove(telegram_id: Annotated[int, typer.Argument(help="Telegram 用户 ID")]) -> None:
    """移除用户。"""
    from bot import output

    try:
        removed = assistant().users.remove(telegram_id)
    except SafetybotError as exc:
        fail(exc.message)
        return
    output.say(f"已移除用户 {telegram_id}。" if removed else f"没有 ID 为 {telegram_id} 的用户。")

@app.command()
def draft(
    request: Annotated[str, typer.Argument(help="起草请求，例如：起草上半年燃气安全工作开展情况、生成XX镇2023年上半年安全生产工作总结")],
    org: Annotated[str | None, typer.Option("--org", help="单位（不写则按请求中的单位，或全部单位）")] = None,
    section: Annotated[
        str | None, typer.Option("--section", help="部分：工作开展情况、存在的问题、下一步工作计划、全文")
    ] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="领域，如 燃气、消防")] = None,
    period: Annotated[str | None, typer.Option("--period", help="时间，如 本季度、上半年、2023年1-6月")] = None,
    today: TodayOption = None,
    docx: Annotated[Path | None, typer.Option("--docx", help="另存为公文格式 Word 文件（.docx）")] = None,
    official_fonts: Annotated[
        bool, typer.Option("--official-fonts", help="docx 保留仿宋_GB2312 等公文字体名，不换成本机已装字体")
    ] = False,
    sources: Annotated[bool, typer.Option("--sources", help="同时列出每个数字的数据来源")] = False,
    as_json: JsonOption = False,
) -> None:
    """起草材料：工作开展情况、存在的问题、下一步工作计划或整篇总结，数字全部来自数据库并可溯源。"""
    from bot import output

    try:
        result = assistant(today).draft(request, org=org, section=section, domain=domain, period=period)
        substituted = result.write_docx(docx, official_fonts=official_fonts) if docx else []
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(result.to_dict() | ({"docx": str(docx), "font_substitutions": substituted} if docx else {}))
    else:
        output.print_draft(result, sources=sources)
        if docx:
            output.print_file_written(docx, substituted)


@app.command()
def brief(
    period: Annotated[str, typer.Option("--period", help="时间，如 本季度、上个月、今年以来")] = "本季度",
    org: Annotated[str | None, typer.Option("--org", help="只看某个单位")] = None,
    today: TodayOption = None,
    png: Annotated[Path | None, typer.Option("--png", help="另存图表（PNG）：各月发现与整改、各领域未整改")] = None,
    as_json: JsonOption = False,
) -> None:
    """给领导的简报：关键数字、环比同比、未整改最多的领域和单位、逾期重大隐患、研判，可出图表。"""
    from bot import output

    try:
        result = assistant(today).brief(period=period, org=org)
        if png:
            result.chart_png(png)
    except SafetybotError as exc:
        fail(exc.message)
        return
    if as_json:
        emit_json(result.to_dict() | ({"png": str(png)} if png else {}))
    else:
        output.say(result.text)
        if png:
            output.print_file_written(png, [])


def scores_only(result: dict[str, Any], file: Path) -> dict[str, Any]:
    """A held-out set is only scored: for a file under a folder named frozen…, the per-question items
    (questions, golds, answers) are withheld, so that looking at failures cannot tune on it."""
    if not any(part.startswith("frozen") for part in file.resolve().parts):
        return result
    kept = {k: v for k, v in result.items() if k != "items"}
    kept["items_withheld"] = "冻结集只报告成绩，不列题目（见 tests/fixtures/heldout/README.md）"
    return kept


@eval_app.command("stats")
def eval_stats(
    file: Annotated[Path, typer.Argument(help="问题集 JSONL：每行 {q, today, answer_value, kind}")],
    as_json: JsonOption = False,
) -> None:
    """统计问答评测：与 ask 走同一条路径，按题型输出准确率。"""
    from bot import output
    from bot.evaluation import evaluate_stats

    try:
        result = scores_only(evaluate_stats(assistant(), file), file)
    except SafetybotError as exc:
        fail(exc.message)
        return
    emit_json(result) if as_json else output.print_eval(result)


@eval_app.command("routing")
def eval_routing(
    file: Annotated[Path, typer.Argument(help="分流题集 JSONL：ask 行 {q, want}，chat 行 {seq: [[问, 应含, 不应含], …]}")],
    as_json: JsonOption = False,
) -> None:
    """分流评测：法规问题是否引用了条文原文、对话中追问和新问题是否各得其所。"""
    from bot import output
    from bot.evaluation import evaluate_routing

    try:
        result = scores_only(evaluate_routing(assistant(), file), file)
    except SafetybotError as exc:
        fail(exc.message)
        return
    emit_json(result) if as_json else output.print_eval(result)


@eval_app.command("calibrate")
def eval_calibrate(
    files: Annotated[list[Path], typer.Argument(help="用于拟合的统计问题集 JSONL（questions_dev 格式），可多个")],
    out: Annotated[Path | None, typer.Option("--out", help="写入模型权重的文件（默认只报告，不写入）")] = None,
    as_json: JsonOption = False,
) -> None:
    """拟合报告数字的判别模型：按问题交叉验证选出采信阈值，报告交叉验证的对、错、漏，
    并逐个留出题集与现用权重比较（现用权重没拟合过的题集上，这才是公平的比较）。"""
    from bot import output
    from bot.calibration import calibrate, collect, save
    from knowledge.facts.evidence import default_model

    try:
        samples = collect(assistant(), files)
        model, report = calibrate(samples, baseline=default_model())
    except SafetybotError as exc:
        fail(exc.message)
        return
    report["weights"] = {k: round(v, 3) for k, v in model.weights.items()}
    report["bias"] = round(model.bias, 3)
    if out is not None:
        save(model, out, report)
    emit_json(report) if as_json else output.print_eval(report)


@eval_app.command("facts")
def eval_facts(
    file: Annotated[Path, typer.Argument(help="事实集 JSONL（facts_dev / placeholders_dev 格式）")],
    as_json: JsonOption = False,
) -> None:
    """事实抽取评测：召回率与准确率。"""
    from bot import output
    from bot.evaluation import evaluate_facts

    try:
        result = evaluate_facts(assistant(), file)
    except SafetybotError as exc:
        fail(exc.message)
        return
    emit_json(result) if as_json else output.print_eval(result)


@eval_app.command("retrieval")
def eval_retrieval(
    file: Annotated[Path, typer.Argument(help="检索题集 JSONL：每行 {q, gold_substrings}")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="前 k 个段落内命中即算召回")] = 5,
    as_json: JsonOption = False,
) -> None:
    """检索评测：混合、仅向量、仅 BM25 三种方式的 recall@k 和 MRR 并列。"""
    from bot import output
    from bot.evaluation import evaluate_retrieval

    try:
        result = evaluate_retrieval(assistant(), file, k=k)
    except SafetybotError as exc:
        fail(exc.message)
        return
    emit_json(result) if as_json else output.print_eval(result)


if __name__ == "__main__":
    app()
