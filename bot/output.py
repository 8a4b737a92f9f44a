"""The CLI's output layer (rich): the only place that prints to the terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from knowledge.answer import Answer

if TYPE_CHECKING:
    from pathlib import Path

    from drafting.report import Draft
    from knowledge.documents.ingest import IngestReport
    from knowledge.ledger.importer import ImportResult
    from retrieval.index import SearchHit

console = Console(highlight=False, soft_wrap=True)


def say(text: str) -> None:
    console.print(text)


def print_answer(answer: Answer) -> None:
    console.print(answer.text)  # the text carries its citations and, for passages, the list of sources


def print_facts(rows: list[dict[str, Any]], *, full: bool = False) -> None:
    """Facts grouped by report; each with a short quote around its figure (`full`: the whole sentence).
    Fits an 80-column terminal."""
    from itertools import groupby

    from rich import box

    from bot.excerpt import fact_excerpt

    if not rows:
        console.print("无相关数据。")
        return
    for title, group in groupby(rows, key=lambda r: r["report_title"]):
        items = list(group)
        console.print(f"[bold]《{title}》[/]")
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("指标", overflow="fold", max_width=16)
        table.add_column("数值", overflow="fold", max_width=14)
        table.add_column("领域·时段", overflow="fold", max_width=14)
        table.add_column("原文" if full else "原文（节选）", overflow="fold", min_width=20)
        for row in items:
            value = "已脱敏" if row["value"] is None else f"{_num(row['value'])}{row['unit']}"
            if row["qualifier"]:
                value = f"{value}（{row['qualifier']}）"
            if row.get("implied"):
                value = f"{value}（推断）"
            where = " · ".join(p for p in (row["domain"], row["period"]) if p)
            if row["org"] and row["org"] not in title:
                where = f"{row['org']} · {where}"
            quote = row["sentence"] if full else fact_excerpt(row, 24)
            table.add_row(row["metric"], value, where, quote)
        console.print(table)
    console.print(f"共 {len(rows)} 条。{'' if full else '加 --full 显示整句原文。'}")


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else f"{int(value)}"


def print_import_result(result: ImportResult) -> None:
    console.print(
        f"台账导入完成：新增 {result.imported} 条，更新 {result.updated} 条，未变 {result.unchanged} 条，"
        f"拒收 {len(result.rejected)} 行。"
    )
    for error in result.rejected:
        console.print(f"  第 {error.row} 行 [{error.column}]：{error.reason}")


def print_ingest_report(report: IngestReport) -> None:
    labels = {"added": "已入库", "near_duplicate": "已入库（与已有文档近似重复）", "duplicate": "跳过（重复）",
              "refused": "拒收"}
    for item in report.items:
        title = f"《{item.title}》" if item.title else ""
        extra = f"，抽取数字 {item.facts} 个" if item.status in ("added", "near_duplicate") else ""
        reason = f"：{item.reason}" if item.reason else ""
        link = f"，关联《{item.linked_to}》" if item.linked_to else ""
        name = f"{item.file} {title}" if title else item.file
        console.print(f"  {labels[item.status]} {name}{extra}{link}{reason}")
    d = report.to_dict()
    speed = report.chars / report.seconds if report.seconds else 0.0
    console.print(
        f"新增 {d['added']}，近似重复 {d['near_duplicate']}，重复 {d['duplicate']}，拒收 {d['refused']}；"
        f"用时 {report.seconds:.1f} 秒（{speed:,.0f} 字/秒）。"
    )


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    chunk = hit.chunk
    return {
        "score": round(hit.score, 4), "source_type": chunk.source_type, "title": chunk.title,
        "heading_path": list(chunk.heading_path), "article": chunk.article, "citation": chunk.citation(),
        "text": chunk.text,
    }


def print_hits(hits: list[SearchHit]) -> None:
    if not hits:
        console.print("未找到相关段落。")
    for rank, hit in enumerate(hits, 1):
        d = hit_dict(hit)
        where = d["article"] or " > ".join(d["heading_path"])
        console.print(f"[bold]{rank}. {d['title']}[/] {where}  [dim]得分 {d['score']}[/]")
        console.print(d["text"], "\n")


def print_eval(result: dict[str, Any]) -> None:
    summary = {k: v for k, v in result.items() if k != "items"}
    for key, value in summary.items():
        console.print(f"{key}: {value}")
    failed = [item for item in result.get("items", []) if not item.get("correct", True)]
    if failed:
        console.print(f"\n未答对 {len(failed)} 题：")
        for item in failed:
            console.print(f"  - {item.get('q')}  期望 {item.get('expected')}，得到 {item.get('given')}")


def print_loading_samples() -> None:
    console.print("数据库为空：正在载入自带样例数据（报告汇编、法规、隐患台账），首次需要几分钟……")


def print_samples_loaded(loaded: dict[str, Any]) -> None:
    reports, regulations, ledger = loaded["reports"], loaded["regulations"], loaded["ledger"]
    console.print(
        f"已载入报告 {reports.count('added') + reports.count('near_duplicate')} 篇、"
        f"法规 {regulations.count('added')} 部、台账 {ledger.imported} 条。"
    )


def print_bot_starting(webhook_url: str | None) -> None:
    how = f"webhook：{webhook_url}" if webhook_url else "长轮询"
    console.print(f"Telegram 机器人已启动（{how}），按 Ctrl-C 停止。")


def _progress_bar(first: Any) -> Any:
    """A transient rich progress bar: `first` column, bar, done/total, time elapsed and time left."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    return Progress(first, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=console, transient=True)  # fmt: skip


@contextmanager
def file_progress(disabled: bool = False, verb: str = "正在导入") -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar over the documents being ingested (or re-read), naming the current one."""
    if disabled:
        yield lambda _done, _total, _label: None
        return
    from rich.progress import TextColumn

    with _progress_bar(TextColumn("{task.description}")) as progress:
        task = progress.add_task(verb, total=None)

        def update(done: int, total: int, label: str) -> None:
            description = f"{verb} {label}" if label else verb
            progress.update(task, completed=done, total=total, description=description[:40])

        yield update


@contextmanager
def count_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over counted items (index chunks, ledger rows)."""
    from rich.progress import TextColumn

    with _progress_bar(TextColumn(label)) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def print_draft(draft: Draft, *, sources: bool = False) -> None:
    """The draft as written, then what the user must know: notices, markers left, the data sources."""
    console.print(draft.text.rstrip(), markup=False)
    for notice in draft.notices:
        console.print(f"[yellow]提示：[/]{notice}")
    if draft.missing:
        console.print(f"[yellow]待补充 {len(draft.missing)} 处：[/]" + "、".join(draft.missing), markup=True)
    if sources:
        console.print("\n数据来源：", markup=False)
        console.print(draft.sources_text() or "（文中没有数字）", markup=False)


def print_file_written(path: Path, notes: list[str]) -> None:
    console.print(f"已保存：{path}", markup=False)
    for note in notes:
        console.print(f"  字体：{note}", markup=False)
