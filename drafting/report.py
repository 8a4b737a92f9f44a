"""A draft: title, sections and signature assembled from a fact sheet, with its provenance, markers and
notices; plain text, Markdown, JSON and .docx out (assembly is pure; `write_docx` writes a file)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafting import phrasebook as pb
from drafting.document import Block, Section, Sentence, concat, paragraph, sentence, sentences_of
from drafting.factsheet import FactSheet, Missing
from drafting.problems import period_name, plans_section, problems_section
from drafting.provenance import Trace, sources_text, trace
from drafting.request import SECTION_CHOICES, OpenChoice
from drafting.sections import work_section

GAP_NOTICE = "以下数据缺失，已在文中标注【待补充】："


@dataclass(frozen=True)
class Draft:
    """A drafted report or section. `text` is the plain text as a report is written; `provenance`
    traces every figure in it; `missing` lists the 【待补充】 markers; `notices` what the user should know."""

    title: str
    text: str
    sections: tuple[Section, ...]
    facts: FactSheet
    provenance: tuple[Trace, ...]
    missing: tuple[str, ...]
    notices: tuple[str, ...] = ()
    open_choices: tuple[OpenChoice, ...] = ()
    section_choices: tuple[str, ...] = SECTION_CHOICES
    rewritten: bool = False
    exemplars: tuple[str, ...] = field(default=())

    @property
    def blocks(self) -> list[Block]:
        return [b for s in self.sections for b in s.blocks]

    def sources_text(self) -> str:
        return sources_text(self.provenance)

    def to_markdown(self) -> str:
        marks = {"heading1": "## ", "heading2": "### ", "heading3": "#### "}
        lines = [f"# {self.title}", ""]
        for block in self.blocks:
            if block.kind == "signature":
                lines.append(f"<p align=\"right\">{block.text}</p>")
            else:
                lines.append(marks.get(block.kind, "") + block.text)
            lines.append("")
        return "\n".join(lines).strip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "text": self.text, "missing": list(self.missing), "notices": list(self.notices),
            "open_choices": list(self.open_choices), "rewritten": self.rewritten,
            "sections": [{"kind": s.kind, "text": s.text} for s in self.sections],
            "provenance": [t.to_dict() for t in self.provenance], "facts": self.facts.to_dict(),
        }  # fmt: skip

    def write_docx(self, path: Path, *, official_fonts: bool = False) -> list[str]:
        """Write the draft as a GB/T 9704 .docx; returns the font substitutions made (see export.docx)."""
        from drafting.export.docx import write_docx

        return write_docx(self.title, self.blocks, path, official_fonts=official_fonts)


def render_text(title: str, sections: tuple[Section, ...]) -> str:
    body = "\n".join(b.text for s in sections for b in s.blocks)
    return f"{title}\n\n{body}\n"


def finish(title: Sentence, sections: tuple[Section, ...], sheet: FactSheet, notices: tuple[str, ...] = (),
           *, rewritten: bool = False, exemplars: tuple[str, ...] = ()) -> Draft:  # fmt: skip
    """The draft of these sections: its text, provenance (title included), markers and notices."""
    sentences = [title, *sentences_of(sections)]
    missing = tuple(dict.fromkeys(m for s in sentences for m in s.missing))
    gap_notices = tuple(f"{GAP_NOTICE}{'；'.join(sheet.gaps)}。" for _ in (0,) if sheet.gaps)
    return Draft(
        title=title.text, text=render_text(title.text, sections), sections=sections, facts=sheet,
        provenance=tuple(trace(sentences)), missing=missing, notices=gap_notices + notices,
        open_choices=sheet.request.open_choices, rewritten=rewritten, exemplars=exemplars,
    )  # fmt: skip


def _subject(sheet: FactSheet) -> str:
    domains = "、".join(sheet.request.domains)
    return f"{domains}安全" if domains else "安全生产"


def title_of(sheet: FactSheet) -> Sentence:
    """"XX镇2023年上半年安全生产工作总结", "2023年第四季度燃气安全工作开展情况"."""
    kind = sheet.request.section
    what = {"全文": "工作总结", "工作开展情况": "工作开展情况", "存在的问题": "工作存在的问题",
            "下一步工作计划": "下一步工作计划"}[kind]  # fmt: skip
    return concat(Sentence(sheet.request.org or ""), period_name(sheet), Sentence(f"{_subject(sheet)}{what}"))


def opening(sheet: FactSheet) -> Section:
    who = pb.self_name(sheet.request.org)
    first = concat(period_name(sheet), Sentence(
        f"，{who}在上级党委、政府的坚强领导下，{pb.PRINCIPLE}，统筹发展和安全，深入开展安全隐患排查整治，"
        "压紧压实安全生产责任，各项工作有序推进。现将"), period_name(sheet), Sentence(f"{_subject(sheet)}工作总结如下："))
    return Section("开头", (paragraph(first),))


def signature(sheet: FactSheet) -> Section:
    org = Sentence(sheet.request.org) if sheet.request.org else sentence("{org}", org=Missing("落款单位"))
    day = sentence("{day:full}", day=sheet.as_of)
    return Section("落款", (Block("signature", (org,)), Block("signature", (day,))))


def assemble(sheet: FactSheet) -> Draft:
    """The template draft of the request's section (or the whole report), without any LLM."""
    request = sheet.request
    one = request.paragraph
    sections: tuple[Section, ...]
    if request.section == "全文":
        sections = (opening(sheet), work_section(sheet), problems_section(sheet), plans_section(sheet),
                    signature(sheet))  # fmt: skip
    elif request.section == "工作开展情况":
        sections = (work_section(sheet, numbered=False, one_paragraph=one),)
    elif request.section == "存在的问题":
        sections = (problems_section(sheet, number=None, one_paragraph=one),)
    else:
        sections = (plans_section(sheet, number=None, one_paragraph=one),)
    return finish(title_of(sheet), sections, sheet)


def with_notices(draft: Draft, *notices: str) -> Draft:
    return replace(draft, notices=draft.notices + notices)

