"""Evaluation harness: the dev/hidden question sets through the same code paths as the CLI."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import InputError

if TYPE_CHECKING:
    from bot.assistant import Assistant


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"无法读取评测文件 {path}：{exc.strerror}") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            raise InputError(f"评测文件 {path.name} 第 {number} 行不是合法的 JSON。") from None
    return rows


def _accuracy(correct: int, total: int) -> float:
    return round(correct / total, 4) if total else 0.0


def evaluate_stats(bot: Assistant, path: Path) -> dict[str, Any]:
    """Accuracy per kind and overall; every question's expected and given value."""
    from bot.scoring import is_wrong_figure, score_stat_answer

    items = []
    per_kind: dict[str, list[bool]] = defaultdict(list)
    wrong = 0
    for row in read_jsonl(path):
        today = date.fromisoformat(row["today"]) if row.get("today") else None
        answer = bot.ask(row["q"], today=today)
        correct = score_stat_answer(row, answer)
        per_kind[row.get("kind", "")].append(correct)
        wrong_figure = is_wrong_figure(row, answer)
        wrong += wrong_figure
        items.append({"q": row["q"], "kind": row.get("kind"), "expected": row.get("answer_value"),
                      "given": answer.value, "correct": correct, "wrong_figure": wrong_figure, "answer": answer.text})
    total = sum(len(v) for v in per_kind.values())
    right = sum(sum(v) for v in per_kind.values())
    return {
        "overall": _accuracy(right, total),
        "per_kind": {kind: {"accuracy": _accuracy(sum(v), len(v)), "n": len(v)} for kind, v in per_kind.items()},
        "wrong_figures": wrong,
        "n": total,
        "items": items,
    }


def evaluate_routing(bot: Assistant, path: Path, *, today: date = date(2023, 11, 30)) -> dict[str, Any]:
    """Routing lines: an "ask" line passes when the answer holds every wanted string; a "chat" line
    when, asked in one session, each reply holds its wanted strings and none of its banned ones."""
    items: list[dict[str, Any]] = []
    for row in read_jsonl(path):
        day = date.fromisoformat(row["today"]) if row.get("today") else today
        if row.get("mode") == "chat":
            previous: Any = None
            steps = []
            for question, want, banned in row["seq"]:
                answer = bot.ask(question, today=day, previous=previous)
                previous = answer.context
                ok = all(w in answer.text for w in want) and not any(b in answer.text for b in banned)
                steps.append({"q": question, "correct": ok, "answer": answer.text})
            items.append({"mode": "chat", "q": " → ".join(s["q"] for s in steps),
                          "correct": all(s["correct"] for s in steps), "steps": steps})
        else:
            answer = bot.ask(row["q"], today=day)
            items.append({"mode": "ask", "q": row["q"], "expected": row["want"],
                          "correct": all(w in answer.text for w in row["want"]), "answer": answer.text})
    right = sum(1 for i in items if i["correct"])
    return {"overall": _accuracy(right, len(items)), "n": len(items), "items": items}


def evaluate_facts(bot: Assistant, path: Path) -> dict[str, Any]:
    """Recall and precision of the stored facts against a gold file (see knowledge.facts.scoring)."""
    from knowledge.facts.scoring import score_facts

    gold = read_jsonl(path)
    extracted = bot.facts()
    score = score_facts(gold, extracted)
    return score.to_dict()


RETRIEVAL_MODES = ("hybrid", "dense", "lexical")


def evaluate_retrieval(bot: Assistant, path: Path, *, k: int = 5) -> dict[str, Any]:
    """recall@k and MRR for hybrid, dense-only and BM25-only, side by side."""
    rows = read_jsonl(path)
    index = bot.search_index
    summary: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    for mode in RETRIEVAL_MODES:
        hits_at_k = 0
        reciprocal = 0.0
        for i, row in enumerate(rows):
            hits = index.search(row["q"], k=k, mode=mode)
            rank = next(
                (r for r, hit in enumerate(hits, 1) if any(g in hit.chunk.text for g in row["gold_substrings"])),
                None,
            )
            if rank is not None:
                hits_at_k += 1
                reciprocal += 1.0 / rank
            if mode == "hybrid":
                items.append({"q": row["q"], "expected": row["gold_substrings"][0], "correct": rank is not None,
                              "given": hits[0].chunk.citation() if hits else None, "rank": rank})
            else:
                items[i][f"rank_{mode}"] = rank
        summary[mode] = {f"recall@{k}": _accuracy(hits_at_k, len(rows)), "mrr": round(reciprocal / len(rows), 4)
                         if rows else 0.0}
    return {**summary, "n": len(rows), "k": k, "items": items}
