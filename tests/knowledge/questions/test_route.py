"""Where a message starts (knowledge/questions/route.py): a table of messages and their first path."""

from __future__ import annotations

import pytest

from knowledge.questions.route import route


@pytest.mark.parametrize(
    ("message", "path"),
    [
        ("", "empty"),
        ("？？", "empty"),
        ("'; DROP TABLE hazards; -- $(rm -rf /) `ls` | && ||", "empty"),
        ("你好", "greeting"),
        ("您好！", "greeting"),
        ("hello", "greeting"),
        ("谢谢", "greeting"),
        ("帮我起草上半年燃气安全工作情况", "draft"),
        ("写一段本季度隐患排查治理情况", "draft"),
        ("生成XX镇2023年上半年安全生产工作总结", "draft"),
        ("给领导的简报", "brief"),
        ("写一份本季度隐患排查简报", "brief"),
        ("本季度燃气隐患整改了多少条？", "figure"),
        ("今年各领域发现隐患情况", "figure"),
        ("县交通运输局上半年查了多少辆次车？", "figure"),
        ("重大隐患有哪些没整改？", "records"),
        # rules, deadlines, thresholds and penalties go to the regulations even with 多少/几/多久
        ("事故发生后伤亡人数变了，多少天之内要补报？", "rule"),
        ("道路交通事故伤亡人数有变化的，几天内补报？", "rule"),
        ("建筑消防设施多久要全面检测一次？", "rule"),
        ("较大事故的死亡人数标准是多少？", "rule"),
        ("燃气用户不得有哪些行为？", "rule"),
        ("擅自改装燃气设施罚多少钱？", "rule"),
        ("隐患整改期限是多少天？", "rule"),
        ("城镇燃气管理条例第二十八条", "rule"),
        # permission and advance notice are rules too (blind tune3 set)
        ("员工去参加抢险救援了好几天，单位能不能扣他工资？", "rule"),
        ("我们要在化工厂的危化品管道旁边挖沟施工，得提前几天告诉人家？", "rule"),
        # clerks' terse figure questions
        ("9月份道路交通整改完成数", "figure"),
        ("燃气隐患按单位分 本季度", "figure"),
        ("平山住建起重机械检查台次", "figure"),
        ("请报一下蓼原县第三季度火灾直接财产损失。", "figure"),
        ("某镇今年有几大民生实事项目？", "figure"),
        ("鹤坪乡有隐患的自建房，到底还剩几栋没整治好啊？", "figure"),
        ("清河县现在一共有几支专职消防队？", "figure"),
        # ... but a figure question that mentions a rule word is still a figure question
        ("今年按规定检查了多少家企业？", "figure"),
        ("区燃气今年罚了多少钱？", "figure"),
        ("街道在安全监管上遇到哪些难处？", "document"),
        ("镇里夏天防孩子溺水具体做了哪些事？", "document"),
    ],
)
def test_first_path(message: str, path: str) -> None:
    assert route(message).path == path
