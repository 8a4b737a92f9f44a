"""`make bench`: ingest throughput, index build time, question and search latency, process memory.

Speed goals live here, never in tests: question→answer p95 < 50 ms (statistics, warm, no LLM),
search p95 < 150 ms (warm, 2 cores), a whole-report draft < 1 s (no LLM), a briefing with its chart < 2 s.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.assistant import SAMPLE_LEDGER, SAMPLE_REGULATIONS, SAMPLE_REPORTS, Assistant
from knowledge.settings import Settings

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "eval"
console = Console()


def rss_mb() -> float:
    """Peak resident memory of this process (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def questions(name: str) -> list[dict[str, str]]:
    lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def drafting_latencies(bot: Assistant, runs: int = 5) -> tuple[list[float], list[float]]:
    """Milliseconds for a whole report (template, no LLM) and for a briefing with its chart; the first
    run of each includes its imports (matplotlib, fonts)."""
    today = date(2023, 11, 30)
    draft_ms, brief_ms = [], []
    for _ in range(runs):
        started = time.perf_counter()
        bot.draft("生成XX镇2023年上半年安全生产工作总结", today=today)
        draft_ms.append((time.perf_counter() - started) * 1000)
    for _ in range(runs):
        started = time.perf_counter()
        bot.brief(period="本季度", today=today).chart_bytes()
        brief_ms.append((time.perf_counter() - started) * 1000)
    return draft_ms, brief_ms


def _first_and_median(samples: list[float]) -> str:
    return f"first {samples[0]:.0f} ms · median {statistics.median(samples[1:]):.0f} ms"


def main() -> int:
    table = Table(title="safetybot benchmarks (2 cores, no LLM)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        bot = Assistant(Settings(data_dir=Path(tmp), _env_file=None))  # type: ignore[call-arg]

        started = time.perf_counter()
        reports = bot.ingest([SAMPLE_REPORTS], regulation=False, index=False)
        regulations = bot.ingest([SAMPLE_REGULATIONS], regulation=True, index=False)
        bot.import_ledger(SAMPLE_LEDGER)
        parse_seconds = time.perf_counter() - started
        chars = reports.chars + regulations.chars
        table.add_row("ingest without index: reports+regulations+ledger", f"{parse_seconds:.2f} s")
        table.add_row("ingest throughput (parse, extract, store)", f"{chars / parse_seconds:,.0f} chars/s")

        bot.search_index.embedder.embed_query("预热")
        started = time.perf_counter()
        chunks = bot.reindex()
        build = time.perf_counter() - started
        table.add_row("index build (embed + Chroma + BM25)", f"{build:.1f} s for {chunks} chunks")
        table.add_row("index build throughput", f"{chunks / build:.1f} chunks/s")

        for name, files, goal in (("ledger question → answer", ("ledger_dev.jsonl",), 50),
                                  ("report-figure question → answer", ("questions_dev.jsonl",
                                                                       "questions_colloquial_dev.jsonl"), 100)):
            rows = [row for f in files for row in questions(f)]
            for row in rows[:5]:  # warm-up: jieba, the model, SQL caches
                bot.ask(row["q"], today=date.fromisoformat(row["today"]))
            latencies = []
            for _ in range(2):
                for row in rows:
                    bot.search_index.clear_query_cache()  # every question embedded afresh
                    started = time.perf_counter()
                    bot.ask(row["q"], today=date.fromisoformat(row["today"]))
                    latencies.append((time.perf_counter() - started) * 1000)
            p50, p95 = percentiles(latencies)
            table.add_row(f"{name} ({len(latencies)} asks, warm, goal p95 < {goal} ms)",
                          f"p50 {p50:.1f} ms · p95 {p95:.1f} ms")

        passage_questions = [row["q"] for row in questions("passages_dev.jsonl")]
        for q in passage_questions[:5]:
            bot.search(q)
        search_ms, ask_ms = [], []
        for q in passage_questions:
            started = time.perf_counter()
            bot.search(q)
            search_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            bot.ask(q)
            ask_ms.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(search_ms)
        table.add_row(f"hybrid search ({len(search_ms)} queries)", f"p50 {p50:.1f} ms · p95 {p95:.1f} ms")
        p50, p95 = percentiles(ask_ms)
        table.add_row("document question → cited answer", f"p50 {p50:.1f} ms · p95 {p95:.1f} ms")
        draft_ms, brief_ms = drafting_latencies(bot)
        table.add_row("whole-report draft, no LLM (goal < 1 s)", _first_and_median(draft_ms))
        table.add_row("briefing with chart PNG (goal < 2 s)", _first_and_median(brief_ms))
        from benchmarks.telegram_load import rows, run_load

        for measure, value in rows(run_load(bot), run_load(bot, users=1, messages=20)):
            table.add_row(measure, value)
        table.add_row("peak memory (RSS)", f"{rss_mb():.0f} MB")
        bot.db.dispose()
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
