"""A district 通报 with a table of its towns, end to end (real SQLite, Chroma and e5): the towns' cells
are figures, a town named only inside the report is asked through it, and a month's question is not
answered with the running total beside it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.assistant import Assistant
from retrieval.embedding import E5Embedder
from retrieval.index import open_search_index
from tests.bot.conftest import make_settings

pytestmark = [pytest.mark.slow, pytest.mark.integration]

REPORT = """栖霞区安全生产委员会办公室关于2024年11月份全区安全生产工作情况的通报

一、总体情况
11月份，全区共发生生产安全事故2起、死亡2人。1-11月，全区累计发生生产安全事故17起、死亡15人。

二、隐患排查整改情况
各街道（镇）情况如下：
排名\u3000单位\u3000\u3000\u3000\u3000检查（家次）\u3000发现隐患（处）\u3000已整改（处）\u3000整改率
1\u3000\u3000菱湖街道\u3000\u3000486\u3000\u3000\u3000\u3000812\u3000\u3000\u3000\u3000790\u3000\u3000\u3000\u300097.3%
2\u3000\u3000芦岗镇\u3000\u3000\u3000470\u3000\u3000\u3000\u3000735\u3000\u3000\u3000\u3000564\u3000\u3000\u3000\u300076.7%
合计\u3000\u3000\u3000\u3000\u3000\u3000 956\u3000\u3000\u3000 1547\u3000\u3000\u3000 1354\u3000\u3000\u3000 87.5%
"""
TODAY = date(2024, 12, 12)


@pytest.fixture(scope="module")
def district_bot(tmp_path_factory: pytest.TempPathFactory, e5_embedder: E5Embedder) -> Assistant:
    folder = tmp_path_factory.mktemp("district")
    report = folder / "栖霞区安委办2024年11月通报.txt"
    report.write_text(REPORT, encoding="utf-8")
    settings = make_settings(folder / "var")
    bot = Assistant(settings, search_index=open_search_index(settings, embedder=e5_embedder))
    bot.ingest([report], regulation=False)
    return bot


def test_the_cells_of_a_table_are_facts(district_bot: Assistant) -> None:
    facts = {(f["sentence"], f["value"]) for f in district_bot.facts()}
    assert ("芦岗镇发现隐患735处", 735) in facts
    assert ("合计整改率87.5%", 87.5) in facts


def test_a_town_named_only_inside_the_report_is_asked_through_it(district_bot: Assistant) -> None:
    answer = district_bot.ask("芦岗镇11月已整改隐患多少处？", today=TODAY)
    assert "没有能对应" not in answer.text  # not "no such organisation": the 通报 names the town
    assert answer.value in (564, None) and "564" in answer.text


def test_a_months_question_is_not_answered_with_the_running_total(district_bot: Assistant) -> None:
    answer = district_bot.ask("栖霞区11月生产安全事故几起", today=TODAY)
    assert answer.value != 17
    assert answer.value == 2 or "2起" in answer.text


LEDGER = """隐患编号,责任单位,被检查单位,行业领域,隐患描述,隐患等级,发现日期,整改期限,整改状态,整改完成日期
YH20241101,栖霞区安全生产委员会办公室,甲公司,消防,灭火器过期,一般,2024-11-04,2024-11-20,已整改,2024-11-15
YH20241102,栖霞区安全生产委员会办公室,乙公司,燃气,软管老化,一般,2024-11-06,2024-11-25,整改中,
YH20241103,栖霞区安全生产委员会办公室,丙公司,消防,通道堵塞,一般,2024-11-12,2024-11-30,已整改,2024-11-18
"""


@pytest.fixture(scope="module")
def district_bot_with_ledger(tmp_path_factory: pytest.TempPathFactory, e5_embedder: E5Embedder) -> Assistant:
    folder = tmp_path_factory.mktemp("district_ledger")
    report = folder / "栖霞区安委办2024年11月通报.txt"
    report.write_text(REPORT, encoding="utf-8")
    ledger = folder / "ledger.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    settings = make_settings(folder / "var")
    bot = Assistant(settings, search_index=open_search_index(settings, embedder=e5_embedder))
    bot.ingest([report], regulation=False)
    bot.import_ledger(ledger)
    return bot


def test_a_town_inside_a_report_is_not_counted_in_the_reporting_offices_ledger(
    district_bot_with_ledger: Assistant,
) -> None:
    # asked months later, when the live ledger (not a report of the time) is the reference for its units
    answer = district_bot_with_ledger.ask("芦岗镇2024年11月发现隐患多少处？", today=date(2025, 2, 20))
    assert answer.value != 3  # the 安委办's own ledger rows are not the town's hazards
    assert answer.value in (735, None)
