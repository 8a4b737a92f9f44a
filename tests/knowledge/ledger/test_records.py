"""Questions asking for hazard records list the matching ledger rows, exactly counted."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answer import Answer
from knowledge.db import Database
from knowledge.directory import known_orgs
from knowledge.ledger.records import MAX_ROWS, answer_hazard_list
from knowledge.models import Hazard
from knowledge.questions.route import route
from knowledge.questions.understand import understand

TODAY = date(2023, 11, 30)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("重大隐患有哪些没整改", True),
        ("列出逾期的燃气隐患", True),
        ("本季度发现了哪些消防隐患？", True),
        ("本季度发现了多少隐患", False),
        ("燃气用户不得有哪些行为", False),
    ],
)
def test_is_list_question(question: str, expected: bool) -> None:
    assert (route(question).path == "records") is expected


def _list(db: Database, question: str) -> Answer | None:
    """The question's rows, the way the question path asks for them (None: not a records question)."""
    with db.session() as session:
        understood = understand(question, TODAY, orgs=known_orgs(session))
        if understood.path != "records" or understood.query is None:
            return None
        return answer_hazard_list(session, understood.query, today=TODAY)


def _hazard(code: str, **fields: object) -> Hazard:
    base: dict[str, object] = {"responsible_unit": "县住建局", "inspected_unit": "甲厂", "domain": "燃气",
                                   "description": "软管老化", "level": "一般", "found_date": date(2023, 10, 9),
                                   "deadline": date(2023, 10, 20), "status": "未整改", "fixed_date": None}
    base.update(fields)
    return Hazard(code=code, **base)  # type: ignore[arg-type]


def test_lists_open_major_hazards_only(db: Database) -> None:
    with db.session() as s:
        s.add_all([
            _hazard("H1", level="重大"),
            _hazard("H2", level="重大", status="已整改", fixed_date=date(2023, 10, 15)),
            _hazard("H3", level="一般"),
            _hazard("H4", level="重大", domain="消防", status="整改中", responsible_unit="XX镇"),
        ])
    answer = _list(db, "重大隐患有哪些没整改")
    assert answer is not None and answer.kind == "stat" and answer.value == 2
    assert "H1｜" in answer.text and "H4｜" in answer.text
    assert "H2｜" not in answer.text and "H3｜" not in answer.text
    fire = _list(db, "XX镇有哪些消防隐患没整改")
    assert fire is not None and fire.value == 1 and "H4｜" in fire.text


def test_long_lists_are_cut_but_counted_exactly(db: Database) -> None:
    with db.session() as s:
        s.add_all([_hazard(f"H{i:03d}") for i in range(MAX_ROWS + 5)])
    answer = _list(db, "哪些隐患逾期了")
    assert answer is not None and answer.value == MAX_ROWS + 5
    assert f"前 {MAX_ROWS} 条" in answer.text
    assert answer.text.count("｜软管老化｜") == MAX_ROWS


def test_not_a_list_question_or_empty_ledger(db: Database) -> None:
    assert _list(db, "本季度发现了多少隐患") is None
    assert _list(db, "有哪些隐患没整改") is None  # no ledger loaded
