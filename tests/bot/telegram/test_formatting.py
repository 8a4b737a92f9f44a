from __future__ import annotations

from bot.telegram.formatting import answer_messages, compact_text, expanded_messages, fact_line, source_title
from bot.telegram.progress import count_progress_text, ingest_progress_text
from knowledge.answer import Answer, Source

LAW = Source(type="regulation", title="城镇燃气管理条例", quote="第二十八条 燃气用户……不得有下列行为：", location="第二十八条")
REPORT = Source(type="report", title="区城镇燃气上半年总结", quote="共排查73128户，排查出隐患6534个。")


def test_compact_text_drops_what_the_sources_button_shows() -> None:
    passage = Answer(text="第二十八条 …〔《城镇燃气管理条例》第二十八条〕\n\n来源：\n1. 《城镇燃气管理条例》第二十八条",
                     kind="passage", sources=(LAW,))  # fmt: skip
    assert compact_text(passage) == "第二十八条 …〔《城镇燃气管理条例》第二十八条〕"
    fact = Answer(text="据《区城镇燃气上半年总结》，排查户数为 73128户。原文：“共排查73128户，排查出隐患6534个。”",
                  kind="stat", sources=(REPORT,))  # fmt: skip
    assert compact_text(fact) == "据《区城镇燃气上半年总结》，排查户数为 73128户。"
    no_sources = Answer(text="无相关数据。\n\n来源：\n（无）", kind="none")
    assert compact_text(no_sources) == no_sources.text  # nothing to show instead: keep it


def test_answer_messages_escape_and_add_the_note_in_italics() -> None:
    answer = Answer(text="<1> & 2", kind="none")
    assert answer_messages(answer, note="按您的单位") == ["&lt;1&gt; &amp; 2\n\n<i>按您的单位</i>"]


def test_sources_expand_under_the_answer_or_on_their_own() -> None:
    assert source_title(LAW) == "《城镇燃气管理条例》第二十八条"
    assert expanded_messages("答", [LAW]) == [
        "答\n\n<b>来源</b>\n\n1. 《城镇燃气管理条例》第二十八条\n\n<blockquote>第二十八条 燃气用户……不得有下列行为：</blockquote>"]
    long_quote = Source(type="report", title="总结", quote="很长的原文。" * 700)
    parts = expanded_messages("答" * 100, [long_quote])
    assert parts[0] == "<b>来源</b>\n\n1. 《总结》"  # the answer stays as it was; sources follow on their own
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)


def test_fact_line_shows_a_short_quote_around_the_figure() -> None:
    sentence = "今年以来，全县共检查企业429家，发现隐患1272条，已整改1200条，整改率94.3%，其余正在整改中。"
    start = sentence.index("1272")
    row = {"metric": "发现隐患数", "value": 1272.0, "unit": "条", "qualifier": "", "org": "青山县", "domain": "综合",
           "period": "今年以来", "sentence": sentence, "span": [100 + start, 104 + start],
           "sentence_span": [100, 100 + len(sentence)], "report_title": "青山县总结"}  # fmt: skip
    assert fact_line(row) == ("发现隐患数：1272条（青山县 · 综合 · 今年以来）\n"
                              "“…检查企业429家，发现隐患1272条，已整改1200条，整改…”《青山县总结》")


def test_progress_lines() -> None:
    assert ingest_progress_text(2, 9, "柳溪镇2023年上半年工作总结") == "正在处理 3/9：《柳溪镇2023年上半年工作总结》"
    assert ingest_progress_text(3, 9, "") == "已处理 3/9"
    assert count_progress_text("正在重建索引，段落")(300, 1053) == "正在重建索引，段落 300/1053"
    assert count_progress_text("已写入行")(400, 655, "台账.csv") == "已写入行 400/655"
