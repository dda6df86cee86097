"""The scorer (reportedly.evaluate) and the `eval` command.

The scorer is checked on hand-computed cases, and against the reference scorer
(../shared/eval/score.py, run as a subprocess) on small files written here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.errors import ReadError
from reportedly.evaluate import match, read_gold, same_cue, score, shares_name, token_f1

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = next(
    (p for p in (ROOT.parent / "shared/eval/score.py", Path("/work/shared/eval/score.py"))
     if p.exists()),
    None,
)  # fmt: skip


def attribution(content, source="the mayor", entity=None, cue="said", kind="indirect", **extra):
    return {"source": source, "source_entity": entity, "cue": cue, "content": content,
            "kind": kind, **extra}  # fmt: skip


def figure(low, high, category="killed", entity=None, **extra):
    return {"text": str(low), "low": low, "high": high, "qualifier": "exact",
            "category": category, "source_entity": entity, **extra}  # fmt: skip


def test_token_f1_folds_case_and_curly_quotes():
    assert token_f1("The “bridge” is closed", 'the "bridge" is closed') == 1.0
    assert token_f1("the bridge is closed", "the bridge") == pytest.approx(2 / 3)
    assert token_f1("", "anything") == 0.0


def test_names_ignore_articles_and_titles():
    assert shares_name("Rep. Lee Seong-kweun", "Lee")
    assert not shares_name("the agency", "the ministry")
    assert not shares_name("Mr Smith", "Mr Jones")


def test_match_is_one_to_one_best_first():
    gold = [{"x": 1}, {"x": 2}]
    pred = [{"x": 2}, {"x": 1}, {"x": 1}]
    pairs = match(gold, pred, lambda g, p: 1.0 if g["x"] == p["x"] else 0.0)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_match_pairs_required_gold_first_then_the_preferred_pair():
    same = lambda g, p: 1.0  # noqa: E731
    gold = [{"optional": True, "c": "a"}, {"c": "b"}]
    assert match(gold, [{"c": "a"}], same) == [(1, 0)]
    gold = [{"c": "a"}, {"c": "b"}]
    pred = [{"c": "b"}, {"c": "a"}]
    assert sorted(match(gold, pred, same, lambda g, p: (g["c"] == p["c"],))) == [(0, 1), (1, 0)]


def test_scores_micro_average_with_optional_records():
    gold = [
        {"id": "a", "text": "...", "attributions": [
            attribution("the bridge stays closed until June", entity="Ana Ruiz"),
            attribution("repairs will cost more than planned", optional=True),
        ], "figures": [figure(12, 12), figure(3, None, category="injured")]},
        {"id": "b", "text": "...", "attributions": [
            attribution("the market reopens on Monday", source="officials"),
        ], "figures": []},
    ]  # fmt: skip
    pred = [
        {"id": "a", "attributions": [
            attribution("the old bridge stays closed until June", source="Ruiz",
                        entity="Ana Ruiz", cue="told reporters"),
            attribution("repairs will cost more than planned"),  # optional: not a false alarm
        ], "figures": [figure(12, 12, category="injured"), figure(99, 99)]},
        {"id": "b", "attributions": [attribution("nothing alike at all", source="officials")]},
        {"id": "zzz", "attributions": [attribution("not in the gold file")]},
    ]  # fmt: skip
    result = score(gold, pred).to_dict()
    assert result["articles"] == 2
    assert result["content"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert result["+source"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert result["+entity"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert result["cue"] == {"accuracy": 0.0}
    assert result["kind"] == {"accuracy": 1.0}
    assert result["value"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert result["+category"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_explain_lists_misses_and_false_alarms():
    gold = [{"id": "a", "text": "...", "attributions": [attribution("one two three")],
             "figures": [figure(5, 5)]}]  # fmt: skip
    pred = [{"id": "a", "attributions": [attribution("four five six")], "figures": []}]
    issues = [(i.what, i.record_type) for i in score(gold, pred).issues]
    assert issues == [("missed", "attribution"), ("false alarm", "attribution"),
                      ("missed", "figure")]  # fmt: skip


def test_explain_names_what_a_matched_pair_got_wrong():
    gold = [{"id": "a", "text": "...",
             "attributions": [attribution("the road is shut", source="the police",
                                          entity="Metro Police")],
             "figures": [figure(5, 5, category="killed")]}]  # fmt: skip
    pred = [{"id": "a",
             "attributions": [attribution("the road is shut", source="the police",
                                          entity="City Council")],
             "figures": [figure(5, 5, category="injured")]}]  # fmt: skip
    issues = score(gold, pred).issues
    assert [(i.what, i.record_type) for i in issues] == [
        ("wrong entity", "attribution"), ("wrong category", "figure")]  # fmt: skip
    assert "source_entity 'City Council' for gold 'Metro Police'" in str(issues[0])


def test_cue_accuracy_counts_two_null_cues_as_the_same():
    assert same_cue({"cue": None}, {"cue": None})
    assert same_cue({"cue": "said"}, {"cue": "told reporters"}) is False
    assert same_cue({"cue": "told"}, {"cue": "told reporters"})


def test_read_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "ok"}\n\n{"id": "b", "text": \n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"gold\.jsonl:3: not valid JSON"):
        read_gold(path)
    path.write_text('{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"gold\.jsonl:1: no 'id'"):
        read_gold(path)


# Two small gold/prediction pairs in our own words, with the cases where scorers
# can differ: near-threshold contents, ties, titles in sources, optional records,
# lenient cues, null entities, open intervals, a missing and an extra article.
CASES = [
    (
        [
            {
                "id": "c1",
                "text": "...",
                "attributions": [
                    attribution(
                        "the ferry service will resume next week",
                        source="Mr Okafor",
                        entity="Daniel Okafor",
                        kind="indirect",
                    ),
                    attribution(
                        "we have no more boats",
                        source="the company",
                        entity="Blue Line",
                        kind="direct",
                    ),
                    attribution("the port was closed", source="officials", optional=True),
                ],
                "figures": [
                    figure(40, None, category="other", entity="Daniel Okafor"),
                    figure(40, None, category="injured"),
                    figure(2, 9, category="missing"),
                ],
            },
            {
                "id": "c2",
                "text": "...",
                "attributions": [
                    attribution(
                        "the dam held through the night", source="the engineer", entity=None
                    ),
                ],
                "figures": [figure(1000, 1000, category="displaced", entity="Red Cross")],
            },
        ],
        [
            {
                "id": "c1",
                "attributions": [
                    attribution(
                        "ferry service will resume",
                        source="Okafor",
                        entity="Okafor",
                        cue="told reporters",
                    ),
                    attribution(
                        "we have no more boats left",
                        source="the firm",
                        entity=None,
                        cue="added",
                        kind="mixed",
                    ),
                    attribution("the port was closed", source="officials"),
                    attribution("something else entirely", source="a witness"),
                ],
                "figures": [
                    figure(40, None, category="injured", entity="Okafor"),
                    figure(40, None, category="other"),
                    figure(2, 9, category="missing"),
                ],
            },
            {"id": "c9", "attributions": [attribution("not scored")]},
        ],
    ),
    (
        [
            {
                "id": "d1",
                "text": "...",
                "attributions": [
                    attribution(
                        "prices rose by a third", source="the central bank", entity="Central Bank"
                    ),
                    attribution("prices rose by a third this year", source="analysts"),
                ],
                "figures": [figure(300, 300), figure(300, 300, category="injured")],
            }
        ],
        [
            {
                "id": "d1",
                "attributions": [
                    attribution("prices rose by a third", source="analysts", entity=None),
                    attribution(
                        "prices rose by a third this year",
                        source="the bank",
                        entity="Central Bank of Eldor",
                    ),
                ],
                "figures": [figure(300.0, 300.0, category="injured"), figure(300, 300)],
            }
        ],
    ),
]


@pytest.mark.skipif(REFERENCE is None, reason="../shared/eval/score.py is not here")
@pytest.mark.parametrize(("gold", "pred"), CASES)
def test_same_numbers_as_the_reference_scorer(tmp_path, gold, pred):
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
    reference = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_path), str(pred_path), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert score(gold, pred).to_dict() == json.loads(reference.stdout)


@pytest.mark.model
def test_eval_command_prints_the_table_and_json(nlp, tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    text = "The mayor said that the bridge would stay closed until June."
    gold = {"id": "g1", "text": text, "attributions": [
        attribution("the bridge would stay closed until June", entity="mayor"),
    ], "figures": []}  # fmt: skip
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    runner = CliRunner()

    result = runner.invoke(app, ["eval", str(gold_path), "--format", "json", "--explain"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1
    assert set(data) >= {"content", "+source", "+entity", "value", "cue", "kind", "issues"}

    table = runner.invoke(app, ["eval", str(gold_path)])
    assert table.exit_code == 0
    assert "1 articles" in table.stdout
    assert "attribution content" in table.stdout
    assert "attribution kind accuracy" in table.stdout


def test_eval_command_names_a_bad_gold_line(tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {gold_path}:1: not valid JSON")
