"""Table tests of the question word tables and lookups (knowledge/questions/words.py)."""

from __future__ import annotations

import pytest

from knowledge.questions.words import action_words, content_words, term_parts, term_variants


@pytest.mark.parametrize(
    ("term", "report_text"),
    [("死", "死亡2人"), ("伤", "受伤3人"), ("罚", "罚款共计128.6万元"), ("案子", "立案查处违法行为56起"),
     ("办", "立案查处违法行为56起"), ("塔吊", "在用塔式起重机154台"), ("停用", "责令停止使用11台"),
     ("没戴", "其中未戴安全头盔1820起"), ("没装", "发现未安装燃气报警器的餐饮店63家"), ("查出", "发现隐患326条"),
     ("酒驾", "酒后驾驶50起"), ("引起", "电气原因引发火灾88起"), ("企业", "检查生产经营单位1043家次"),
     ("烧死", "造成1人死亡")],
)  # fmt: skip
def test_a_colloquial_word_is_found_in_its_written_form(term: str, report_text: str) -> None:
    assert any(form in report_text for form in term_variants(term))


@pytest.mark.parametrize(
    ("term", "not_in"),
    [("死", "受伤3人"), ("罚", "记录不良行为企业15家"), ("没装", "已督促安装58家"), ("停用", "检查建筑起重机械241台次")],
)  # fmt: skip
def test_a_colloquial_word_is_not_found_in_another_figure(term: str, not_in: str) -> None:
    assert not any(form in not_in for form in term_variants(term))


@pytest.mark.parametrize(
    ("text", "words"),
    [("接了多少起警情？", ["接", "警情"]),  # the classifier jieba glues on ("起警情") is cut off
     ("巡线巡了多少公里？", ["巡线", "巡"]), ("有多少隐患已经超过整改期限？", ["隐患", "超过", "整改期限"]),
     ("压力管道有多长？", ["压力管道"]), ("去年搞了几次应急演练？", ["去年", "应急", "演练"]),
     ("危化品这块儿登记的加油站有几家？", ["危化品", "登记", "加油站"])],  # an erhua 儿 is no word
)  # fmt: skip
def test_content_words(text: str, words: list[str]) -> None:
    assert content_words(text) == words


@pytest.mark.parametrize(
    ("text", "about_hazards", "actions"),
    [("罚了多少家单位", False, ("罚",)), ("检查了多少台施工升降机", False, ("检查",)),
     ("冬春火灾防控查了多少家单位", False, ("查",)),  # 防控 names the campaign, not the act
     ("发生了几起火灾", False, ()), ("搞了几次应急演练", False, ()), ("重大隐患整改了多少项", True, ()),
     ("责令停用了几台起重机械", False, ("停用",)), ("火灾扑救出警多少起", False, ("扑救", "出警"))],
)  # fmt: skip
def test_action_words(text: str, about_hazards: bool, actions: tuple[str, ...]) -> None:
    assert action_words(text, about_hazards=about_hazards) == actions


@pytest.mark.parametrize(
    ("term", "parts"),
    [("考试合格", ("考试", "合格")), ("工程项目", ("工程", "项目")), ("超期未检", ()), ("隐患", ()), ("起重机械", ())],
)  # fmt: skip
def test_term_parts(term: str, parts: tuple[str, ...]) -> None:
    assert term_parts(term) == parts
