"""Interactive terminal chat: one question after another, keeping the last question's filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.prompt import Prompt

from bot import output
from knowledge.errors import SafetybotError

if TYPE_CHECKING:
    from bot.assistant import Assistant

EXIT_WORDS = {"退出", "再见", "exit", "quit", "q", ":q"}
HELP_TEXT = """可以这样问：
  · 统计：本季度燃气隐患整改了多少条？ / 今年各领域发现隐患情况 / 有多少隐患逾期未整改？
  · 追问：那消防呢？ / 上个季度呢？
  · 报告：区城镇燃气上半年排查了多少户？ / 街道在安全监管上遇到哪些难处？
  · 法规：城镇燃气管理条例第二十八条 / 燃气用户不得有哪些行为？
输入“退出”结束。"""


def run_chat(bot: Assistant, *, read: Any = None) -> None:
    """The loop; `read` replaces the prompt in tests (a callable returning the next line, EOFError to stop)."""
    read = read or (lambda: Prompt.ask("[bold cyan]问[/]"))
    today = bot.today()
    end = None if bot.settings.today else bot.sample_data_end()
    output.say("安全生产助手（终端）。输入问题，“帮助”查看示例，“退出”结束。")
    if end is not None:
        output.say(f"当前只有自带样例数据，样例数据截至 {end:%Y年%-m月%-d日}：以此日为“今天”，"
                   "“本季度”“上个月”等按此日计算。")
    previous: Any = None
    while True:
        try:
            question = read().strip()
        except (EOFError, KeyboardInterrupt):
            output.say("再见。")
            return
        if not question:
            continue
        if question.lower() in EXIT_WORDS:
            output.say("再见。")
            return
        if question in {"帮助", "help", "?", "？"}:
            output.say(HELP_TEXT)
            continue
        try:
            answer = bot.ask(question, today=today, previous=previous)
        except SafetybotError as exc:
            output.say(f"[red]{exc.message}[/]")
            continue
        output.print_answer(answer)
        previous = answer.context  # a complete question of another kind starts the next one afresh
