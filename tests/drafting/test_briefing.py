"""Leader briefings from the real sample ledger: figures computed here from the CSV, 环比 against the
same span of the previous quarter, 同比 said to be unavailable, and a chart without missing glyphs."""

from __future__ import annotations

import io
import logging
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drafting.briefing import Briefing, judgement
from drafting.export import chart
from drafting.service import brief
from knowledge.db import Database
from knowledge.errors import InputError

TODAY = date(2023, 11, 30)
Q4 = (date(2023, 10, 1), TODAY)
Q3_SAME_SPAN = (date(2023, 7, 1), date(2023, 8, 31))


@pytest.fixture
def quarter(ledger_db: Database) -> Briefing:
    return brief(ledger_db, today=TODAY, period="本季度")


@pytest.fixture
def chart_quarter(sqlite_ledger_db: Database) -> Briefing:
    return brief(sqlite_ledger_db, today=TODAY, period="本季度")


def test_key_figures(quarter: Briefing, ledger_csv: Any) -> None:
    values = quarter.figures["current"]
    assert values["found"] == ledger_csv.found(*Q4)
    assert values["fixed"] == ledger_csv.fixed_in(*Q4)
    assert f"{values['rate']:.1f}".removesuffix(".0") + "%" == ledger_csv.rate(*Q4)
    assert values["open"] == ledger_csv.open(None, TODAY)
    assert values["overdue"] == ledger_csv.overdue(None, TODAY)
    assert values["major_open"] == ledger_csv.open(None, TODAY, level="重大")
    text = quarter.text
    assert f"发现隐患{values['found']}处，完成整改{values['fixed']}处" in text
    assert f"全部未整改隐患{values['open']}处，其中逾期{values['overdue']}处" in text
    assert len(text.splitlines()) <= 10  # one screen


def test_month_on_month_uses_the_same_span_of_the_previous_quarter(quarter: Briefing, ledger_csv: Any) -> None:
    assert quarter.previous.comparison.name == "上季度同期"
    period = quarter.previous.comparison.period
    assert (period.start, period.end) == Q3_SAME_SPAN
    before = quarter.figures["previous"]
    end = Q3_SAME_SPAN[1]
    assert before["found"] == ledger_csv.found(*Q3_SAME_SPAN)
    assert before["overdue"] == ledger_csv.overdue(None, end, today=end)  # as it stood on 31 August
    diff = quarter.figures["current"]["found"] - before["found"]
    assert f"较上季度同期（7月1日至8月31日）：发现隐患{'增加' if diff > 0 else '减少'}{abs(diff)}处" in quarter.text


def test_year_on_year_is_said_to_be_unavailable(quarter: Briefing) -> None:
    assert not quarter.last_year.comparison.covered and quarter.figures["last_year"] is None
    assert "【同比】台账中没有去年同期（2022年10月1日至11月30日）的记录，无法计算同比。" in quarter.text


def test_where_the_open_hazards_are(quarter: Briefing, ledger_csv: Any) -> None:
    open_rows = [r for r in ledger_csv.select(None, TODAY) if not ledger_csv.is_fixed(r, TODAY)]
    by_domain: dict[str, int] = {}
    for r in open_rows:
        by_domain[r.domain] = by_domain.get(r.domain, 0) + 1
    top = sorted(by_domain.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert "领域：" + "、".join(f"{k}{v}处" for k, v in top) in quarter.text
    overdue_major = sorted((r for r in open_rows if r.level == "重大" and r.deadline and r.deadline < TODAY),
                           key=lambda r: (r.deadline, r.found, r.code))[:3]  # fmt: skip
    assert [h.code for h in quarter.overdue_major] == [r.code for r in overdue_major]
    oldest = overdue_major[0]
    assert f"{oldest.code} {oldest.unit}" in quarter.text
    assert f"已逾期{(TODAY - oldest.deadline).days}天" in quarter.text  # type: ignore[operator]


def test_judgement_follows_the_figures(quarter: Briefing) -> None:
    now, before = quarter.figures["current"], quarter.figures["previous"]
    assert quarter.judgement in quarter.text
    if now["overdue"] > before["overdue"]:
        assert f"逾期未整改隐患较上季度同期增加{now['overdue'] - before['overdue']}处" in quarter.judgement
    assert quarter.judgement.endswith("需重点督办。")
    calm = judgement(quarter.previous.figures, None, "上季度")  # type: ignore[arg-type]
    assert "需" in calm


def test_json_keeps_the_codes(quarter: Briefing, ledger_csv: Any) -> None:
    data = quarter.to_dict()
    assert set(data["codes"]["found"]) == {r.code for r in ledger_csv.select(*Q4)}
    assert data["previous_period"]["name"] == "上季度同期"


def test_a_unit_and_bad_input(ledger_db: Database, ledger_csv: Any) -> None:
    town = brief(ledger_db, today=TODAY, period="本季度", org="XX镇")
    assert town.figures["current"]["found"] == ledger_csv.found(*Q4, unit="XX镇")
    assert town.title.startswith("XX镇2023年第四季度")
    with pytest.raises(InputError, match="张家镇"):
        brief(ledger_db, today=TODAY, org="张家镇")
    with pytest.raises(InputError, match="无法识别的时间"):
        brief(ledger_db, today=TODAY, period="很久以前")


def _render(b: Briefing, path: Path, caplog: pytest.LogCaptureFixture) -> str:
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        b.chart_png(path)
    return "\n".join([str(w.message) for w in caught] + [r.getMessage() for r in caplog.records])


def test_chart_png_has_no_missing_glyphs(chart_quarter: Briefing, tmp_path: Path,
                                         caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    import matplotlib.image

    quarter = chart_quarter
    messages = _render(quarter, tmp_path / "chart.png", caplog)
    assert "missing from" not in messages and "Glyph" not in messages and "findfont" not in messages
    data = (tmp_path / "chart.png").read_bytes()
    assert data.startswith(b"\x89PNG")
    height, width, _ = matplotlib.image.imread(io.BytesIO(data)).shape
    assert (width, height) == (1100, 550)
    assert quarter.chart_bytes()[:4] == b"\x89PNG"


def test_the_glyph_check_can_fail(chart_quarter: Briefing, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(chart, "chart_font", lambda: "DejaVu Sans")  # a font without Chinese
    assert "missing from" in _render(chart_quarter, tmp_path / "tofu.png", caplog)


def test_chart_font_survives_a_stale_matplotlib_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    from drafting.export import fonts

    def latin() -> list[object]:
        return [f for f in font_manager.fontManager.ttflist if f.name not in fonts.CHART_FONTS]

    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin())
    assert fonts.chart_font() in fonts.CHART_FONTS  # found again through fontconfig
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin())
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(fonts.ConfigError, match="fonts-noto-cjk"):
        fonts.chart_font()
