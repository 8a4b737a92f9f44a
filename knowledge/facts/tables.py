"""Figures in plain-text tables (pure): a header line of column names over rows of a label and numbers.

A 通报 or a progress report often lists its 乡镇/街道 in a table:

    排名　单位　　　　检查（家次）　发现隐患（处）　已整改（处）　整改率
    6　　芷岗镇　　　470　　　　　　735　　　　　　564　　　　　76.7%

Cleaning drops the spaces between Chinese characters, so the header's column boundaries are read from
the original text ("排名单位检查（家次）…" alone cannot be split). Each cell is then written as the clause
a writer would have written for it — the row's label, the column's name, the number and the column's
unit: "芷岗镇发现隐患735处" — and read like any other sentence; its number keeps its place in the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
# A row: an optional rank glued to the label, the label, then two or more numbers apart.
_ROW = re.compile(
    r"^(?:\d{1,3}\s*)?(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()·]{1,15})\s*"
    rf"(?P<cells>{_NUMBER.pattern}(?:\s+{_NUMBER.pattern})+)\s*$"
)
_COLUMN_GAP = re.compile(r"[ \t\u3000]*[\t\u3000][ \t\u3000]*| {2,}")  # a tab, a full-width space or a wide gap
_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^）)]{1,4})[）)]$")
_NOT_A_MEASURE = re.compile(r"^(?:排名|序号|编号|名次)$")


@dataclass(frozen=True)
class TableCell:
    """One number of a table, as the clause it stands for."""

    sentence: str  # "芷岗镇发现隐患735处"
    offset: int  # where the number starts in `sentence`
    span: tuple[int, int]  # the number in the text
    row_span: tuple[int, int]  # its row in the text


def _squash(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _header_cells(header: str, original: str) -> list[str]:
    """The column names of a cleaned header line, split where the original line has wide gaps."""
    wanted = _squash(header)
    for line in original.splitlines():
        if _squash(line) == wanted:
            cells = [c.strip() for c in _COLUMN_GAP.split(line.strip()) if c.strip()]
            return [unicodedata.normalize("NFKC", c) for c in cells] if len(cells) >= 3 else []
    return []


def _row_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, list[tuple[int, re.Match[str]]]]]:
    """Runs of two or more row lines, each with the index of the line above it (its header)."""
    blocks: list[tuple[int, list[tuple[int, re.Match[str]]]]] = []
    run: list[tuple[int, re.Match[str]]] = []
    for i, (_, line) in enumerate([*lines, (0, "")]):
        match = _ROW.match(line) if line else None
        if match:
            run.append((i, match))
            continue
        if len(run) >= 2 and run[0][0] > 0:
            blocks.append((run[0][0] - 1, run))
        run = []
    return blocks


def table_cells(text: str, original: str) -> list[TableCell]:
    """Every number of the tables in `text` (cleaned) whose header line `original` shows split."""
    lines: list[tuple[int, str]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, line))
        position += len(line) + 1
    cells: list[TableCell] = []
    for header_at, rows in _row_blocks(lines):
        columns = _header_cells(lines[header_at][1], original)
        for i, row in rows:
            start, line = lines[i]
            numbers = list(_NUMBER.finditer(row.group("cells")))
            if len(columns) < len(numbers) + 1:
                continue  # the header does not name every number
            base = start + row.start("cells")
            for number, column in zip(numbers, _with_nouns(columns[-len(numbers):]), strict=True):
                cell = _cell(row.group("label"), column, number, base, (start, start + len(line)))
                if cell is not None:
                    cells.append(cell)
    return cells


_STATUS_ONLY = re.compile(r"^(?:已|未|尚未|剩余|累计)?(?:整改|治理|销号|完成|整改完成)$")


def _with_nouns(columns: list[str]) -> list[str]:
    """A column named by a status alone ("已整改（处）") counts what the column before it of the same
    unit counts ("发现隐患（处）"): "已整改隐患（处）"."""
    out: list[str] = []
    for column in columns:
        named = _UNIT.match(column)
        if named and _STATUS_ONLY.match(named.group("name")):
            unit = named.group("unit")
            earlier = next((c for c in reversed(out) if c.endswith((f"({unit})", f"（{unit}）"))), "")
            noun = "隐患" if "隐患" in earlier else ""
            column = f"{named.group('name')}{noun}({unit})"
        out.append(column)
    return out


def _cell(label: str, column: str, number: re.Match[str], base: int, row: tuple[int, int]) -> TableCell | None:
    if _NOT_A_MEASURE.match(column):
        return None
    named = _UNIT.match(column)
    name, unit = (named.group("name"), named.group("unit")) if named else (column, "")
    value = number.group()
    if not unit and not value.endswith("%"):
        return None  # a bare number names no unit: nothing to read it as
    lead = f"{label}{name}"
    sentence = f"{lead}{value}{'' if value.endswith('%') else unit}"
    return TableCell(sentence, len(lead), (base + number.start(), base + number.end()), row)


def _row_at(text: str, position: int) -> tuple[int, re.Match[str] | None]:
    """The start of the line holding `position` and its match as a table row (None: not a row)."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return line_start, _ROW.match(text[line_start:line_end if line_end >= 0 else len(text)])


def table_caption(text: str, position: int) -> str:
    """What a table row's cells are about beyond their row and column: the lines above the table's
    rows — its header and the line before it ("表1　2025年上半年园区危险化学品企业隐患排查整治情况").
    "" when `position` is not in a table row."""
    line_start, row = _row_at(text, position)
    if row is None:
        return ""
    lines = text[:line_start].split("\n")[:-1]
    while lines and _ROW.match(lines[-1]):
        lines.pop()  # the rows above this one
    return " ".join(line.strip() for line in lines[-2:] if line.strip())


def table_row_label(text: str, position: int) -> str:
    """The label of the table row that holds `position` ("芷岗镇", "合计"); "" outside a table row."""
    row = _row_at(text, position)[1]
    return row.group("label") if row else ""
