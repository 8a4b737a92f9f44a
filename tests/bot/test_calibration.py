"""Fitting the report-figure model: the conditional logit, the decisions it leads to, and the
cross-validated choice of threshold and regularisation (synthetic samples, no database)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.calibration import Sample, _matches, _model, calibrate, fit, outcome, traps
from knowledge.facts.evidence import FEATURES

D = len(FEATURES)


def _row(**values: float) -> tuple[float, ...]:
    return tuple(values.get(name, 0.0) for name in FEATURES)


def _lookup(rng: random.Random, group: str, *, clear: bool = True) -> Sample:
    """A lookup whose right candidate has high coverage; the others low (or, unclear, as high)."""
    right = _row(coverage=1.0, unit=1.0)
    others = [_row(coverage=rng.uniform(0.0, 0.9 if not clear else 0.3), unit=rng.choice([-1.0, 1.0])) for _ in range(3)]
    rows = (right, *others)
    values = tuple((float(10 + i), "家") for i in range(len(rows)))
    return Sample("q", "lookup", rows, (True, False, False, False), values, group)


def _absent(rng: random.Random, group: str) -> Sample:
    rows = tuple(_row(coverage=rng.uniform(0.0, 0.4), unit=-1.0) for _ in range(3))
    values = tuple((float(20 + i), "家") for i in range(len(rows)))
    return Sample("q", "absent", rows, (False, False, False), values, group)


@pytest.fixture
def samples() -> list[Sample]:
    rng = random.Random(7)
    out = []
    for group in ("a", "b", "c"):
        out += [_lookup(rng, group) for _ in range(12)]
        out += [_absent(rng, group) for _ in range(6)]
    return out


def test_fit_weighs_the_telling_feature(samples: list[Sample]) -> None:
    weights, bias = fit(samples)
    by_name = dict(zip(FEATURES, weights, strict=True))
    assert by_name["coverage"] > 1.0
    assert by_name["coverage"] > abs(by_name["similarity"])
    assert bias > 0  # "none of them" beats a candidate with nothing for it


def test_stronger_regularisation_shrinks_the_weights(samples: list[Sample]) -> None:
    loose, _ = fit(samples, l2=0.1)
    tight, _ = fit(samples, l2=10.0)
    assert sum(w * w for w in tight) < sum(w * w for w in loose)


def test_outcome_counts_right_wrong_and_missed(samples: list[Sample]) -> None:
    weights, bias = fit(samples)
    confident = outcome(_model(weights, bias, 0.3, 0.0), samples)
    assert confident.right >= 30 and confident.wrong == 0
    never = outcome(_model(weights, bias, 1.01, 0.0), samples)  # nothing reaches it: every lookup missed
    assert never.missed == 36 and never.right == 18 and never.wrong == 0


def test_a_wrong_figure_is_counted_when_the_top_candidate_is_not_the_gold() -> None:
    rows = (_row(coverage=1.0), _row(coverage=0.0))
    flipped = Sample("q", "lookup", rows, (False, True), ((1.0, "家"), (2.0, "家")), "a")
    weights = [0.0] * D
    weights[FEATURES.index("coverage")] = 10.0
    result = outcome(_model(weights, -5.0, 0.5, 0.0), [flipped])
    assert (result.right, result.wrong, result.missed) == (0, 1, 0)


def test_calibrate_leaves_one_set_out_and_reports_its_choices(samples: list[Sample]) -> None:
    model, report = calibrate(samples, l2_grid=(0.3, 3.0))
    assert report["folds"] == 3  # one per question set
    assert report["l2"] in (0.3, 3.0)
    assert report["cv_wrong"] == 0
    assert report["cv_right"] + report["cv_missed"] + report["cv_wrong"] == len(samples)
    assert model.accept == report["accept"]
    assert model.weights["coverage"] > 0


def test_twin_candidates_are_never_answered() -> None:
    """Two candidates with the same evidence and different figures: whichever is gold, no threshold
    may answer one of them (the decision is ambiguous), while the clear lookups are answered."""
    rng = random.Random(3)
    samples = [_lookup(rng, g) for g in ("a", "b", "c") for _ in range(10)]
    twin = (_row(coverage=1.0, unit=1.0), _row(coverage=1.0, unit=1.0), _row(coverage=0.1))
    samples += [Sample("q", "lookup", twin, (True, False, False), ((1.0, "家"), (2.0, "家"), (3.0, "家")), g)
                for g in ("a", "b", "c") for _ in range(4)]  # fmt: skip
    _, report = calibrate(samples, l2_grid=(1.0,))
    assert report["cv_wrong"] == 0
    assert report["cv_missed"] >= 12  # every twin
    assert report["cv_right"] >= 25


def test_a_trap_is_the_lookup_without_its_right_candidates(samples: list[Sample]) -> None:
    copies = traps(samples)
    lookups = [s for s in samples if s.kind == "lookup"]
    assert len(copies) == len(lookups)
    first = copies[0]
    assert first.kind == "absent" and not any(first.labels)
    assert len(first.rows) == len(lookups[0].rows) - 1
    assert (10.0, "家") not in first.values  # the right figure is gone, the near ones stay
    alone = Sample("q", "lookup", (_row(coverage=1.0),), (True,), ((1.0, "家"),), "a")
    assert traps([alone]) == []  # nothing would be left to answer with


def test_calibration_counts_the_traps_it_answers_and_avoids_them() -> None:
    """Lookups whose right candidate is barely ahead of a near one: answered, their traps would be
    answered with the near figure. The trap weight lets the fit learn what a lone near figure looks like."""
    rng = random.Random(11)
    samples = []
    for g in ("a", "b", "c"):
        for _ in range(12):
            near = rng.uniform(0.5, 0.8)
            rows = (_row(coverage=1.0, unit=1.0), _row(coverage=near, unit=1.0), _row(coverage=0.1))
            samples.append(Sample("q", "lookup", rows, (True, False, False), ((1.0, "家"), (2.0, "家"), (3.0, "家")), g))
        samples += [_absent(rng, g) for _ in range(4)]
    _, without = calibrate(samples, l2_grid=(1.0,), trap_grid=(0.0,), trap_share=None)  # the measured share
    _, weighted = calibrate(samples, l2_grid=(1.0,), trap_grid=(0.0, 0.5), trap_share=None)
    assert without["traps"] == weighted["traps"] == 36
    assert weighted["unstated_share"] == round(12 / 48, 3)
    # without the traps in the fit, only a very high threshold keeps them unanswered
    assert without["cv_traps_answered"] == 0 and without["accept"] >= 0.9
    assert weighted["trap_weight"] == 0.5 and weighted["cv_traps_answered"] == 0
    assert weighted["cv_right"] >= without["cv_right"] + 20


def test_a_trap_measures_its_gaps_and_largest_among_the_candidates_left() -> None:
    """In a question whose figure is not stated, the best of the rest leads with no gap: a trap keeping
    the gaps to the removed right candidate would be easier to refuse than the real thing."""
    right = _row(similarity=0.8, similarity_gap=0.0, coverage=1.0, coverage_gap=0.0, largest=1.0)
    near = _row(similarity=0.5, similarity_gap=-0.3, coverage=0.7, coverage_gap=-0.3, largest=0.0)
    far = _row(similarity=0.1, similarity_gap=-0.7, coverage=0.2, coverage_gap=-0.8, largest=0.0)
    sample = Sample("q", "lookup", (right, near, far), (True, False, False), ((50.0, "家"), (31.0, "家"), (3.0, "家")), "a")
    (trap,) = traps([sample])
    column = {name: [row[FEATURES.index(name)] for row in trap.rows] for name in ("similarity_gap", "coverage_gap", "largest")}
    assert column["similarity_gap"] == pytest.approx([0.0, -0.4])
    assert column["coverage_gap"] == pytest.approx([0.0, -0.5])
    assert column["largest"] == [1.0, 0.0]


@pytest.mark.parametrize(
    ("gold_title", "stored_title", "value", "unit", "right"),
    [("蓼原县消防救援大队：三季度火灾起数同比下降 隐患排查“清单化”推进",
      "蓼原县消防救援大队：三季度火灾起数同比下降隐患排查“清单化”推进", 64, "起", True),  # a space is no other report
     ("芦塘镇2024年上半年安全生产工作总结", "蓼原县消防救援大队：三季度火灾起数同比下降隐患排查“清单化”推进", 64, "起", False),
     ("芦塘镇2024年上半年安全生产工作总结", "芦塘镇2024年上半年安全生产工作总结", 64, "家", False),
     ("芦塘镇2024年上半年安全生产工作总结", "芦塘镇2024年上半年安全生产工作总结", 63, "起", False)],
)  # fmt: skip
def test_a_candidate_is_right_when_it_states_the_gold_figure_of_the_gold_report(
    gold_title: str, stored_title: str, value: float, unit: str, right: bool
) -> None:
    row = {"answer_value": 64, "unit": "起", "report_title": gold_title}
    assert _matches(row, value, unit, stored_title) is right


def test_each_held_out_set_is_compared_with_the_baseline_on_the_same_questions(samples: list[Sample]) -> None:
    silent = _model([0.0] * D, 100.0, 0.5, 0.0)  # "none of them" always: right on absent questions only
    _, report = calibrate(samples, l2_grid=(3.0,), trap_grid=(0.0,), baseline=silent)
    rows = {row["fold"]: row for row in report["per_fold"]}
    assert set(rows) == {"a", "b", "c"}
    for row in rows.values():
        assert row["baseline"] == {"right": 6, "wrong": 0, "missed": 12, "traps_answered": 0}
        assert row["refit"]["right"] > 6  # the fitted weights answer the clear lookups of a set they did not see
    assert sum(r["refit"]["right"] for r in rows.values()) == report["cv_right"]
    assert sum(r["refit"]["traps_answered"] for r in rows.values()) == report["cv_traps_answered"]


def test_random_folds_are_named_as_such(samples: list[Sample]) -> None:
    """With fewer than three question sets the folds mix them: none is named after one set."""
    two = [replace(s, group="a" if s.group == "a" else "b") for s in samples]
    _, report = calibrate(two, l2_grid=(3.0,), trap_grid=(0.0,))
    assert [row["fold"] for row in report["per_fold"]] == [f"随机第{n}折" for n in range(1, 6)]


def test_a_question_file_is_named_by_its_folder() -> None:
    from bot.calibration import _fold_name

    assert _fold_name("tests/fixtures/heldout/tune9/questions.jsonl") == "tune9"
    assert _fold_name("../shared/eval/questions_dev.jsonl") == "questions_dev.jsonl"
