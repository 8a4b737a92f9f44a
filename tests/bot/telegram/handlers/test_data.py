from __future__ import annotations

import pytest

from bot.telegram.handlers.data import facts_filters


@pytest.mark.parametrize(
    ("args", "default", "expected"),
    [
        ([], None, (None, None)),
        ([], "XX镇", ("XX镇", None)),  # a user tied to an organisation sees its figures
        (["全部"], "XX镇", (None, None)),
        (["燃气"], "XX镇", ("XX镇", "燃气")),
        (["区城镇燃气", "燃气"], None, ("区城镇燃气", "燃气")),
        (["全部", "消防"], "XX镇", (None, "消防")),
    ],
)
def test_facts_filters(args: list[str], default: str | None, expected: tuple[str | None, str | None]) -> None:
    assert facts_filters(args, default) == expected
