"""The briefing chart (PNG): hazards found vs rectified by month, and open hazards by domain.

matplotlib's object API on the Agg canvas (no pyplot state, safe in a bot's worker threads); Chinese
labels in a CJK font found at run time (drafting.export.fonts.chart_font).
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from drafting.export.fonts import chart_font

if TYPE_CHECKING:
    from drafting.briefing import Briefing

FOUND_COLOR, FIXED_COLOR, OPEN_COLOR = "#c0392b", "#2e86c1", "#d68910"
PERIOD_SHADE = "#f2f3f4"


def briefing_chart(briefing: Briefing, *, dpi: int = 110) -> bytes:
    """The chart as PNG bytes (1100 × 550 px at the default dpi)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = chart_font()
    with rc_context({"font.family": [font], "font.sans-serif": [font], "axes.unicode_minus": False}):
        figure = Figure(figsize=(10, 5), dpi=dpi)
        FigureCanvasAgg(figure)
        left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        months = list(briefing.monthly)
        x = list(range(len(months)))
        width = 0.38
        for i, point in enumerate(months):
            if briefing.period.start <= date(point.year, point.month, 1) <= briefing.period.end:
                left.axvspan(i - 0.5, i + 0.5, color=PERIOD_SHADE, zorder=0)
        found = left.bar([i - width / 2 for i in x], [p.found.value for p in months], width, label="发现",
                         color=FOUND_COLOR, zorder=2)  # fmt: skip
        fixed = left.bar([i + width / 2 for i in x], [p.fixed.value for p in months], width, label="完成整改",
                         color=FIXED_COLOR, zorder=2)  # fmt: skip
        left.bar_label(found, fontsize=7, padding=1)
        left.bar_label(fixed, fontsize=7, padding=1)
        left.set_xticks(x, [p.label if p.month != 1 or i == 0 else f"{p.year}年{p.label}" for i, p in enumerate(months)],
                        fontsize=8)  # fmt: skip
        left.set_title("各月发现与完成整改隐患数（处，灰底为本期）", fontsize=11)
        left.legend(fontsize=9, frameon=False)
        left.spines[["top", "right"]].set_visible(False)
        left.grid(axis="y", alpha=0.3, zorder=1)

        domains = list(briefing.open_by_domain.items())[::-1]
        bars = right.barh([d for d, _ in domains], [n for _, n in domains], color=OPEN_COLOR, zorder=2)
        right.bar_label(bars, fontsize=8, padding=2)
        right.set_title(f"截至{briefing.today.month}月{briefing.today.day}日各领域未整改隐患（处）", fontsize=11)
        right.spines[["top", "right"]].set_visible(False)
        right.grid(axis="x", alpha=0.3, zorder=1)
        if not domains:
            right.text(0.5, 0.5, "无未整改隐患", ha="center", va="center", transform=right.transAxes)
        figure.suptitle(briefing.title, fontsize=13)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
