"""Score predicted attributions and figures against a gold file.

The metrics are those of the evaluation format (FORMAT.md, "How it is scored"):
texts are compared as bags of lower-cased `\\w+` tokens with curly quotes folded
to straight ones.

- attributions match one to one, best first, when the token F1 of their contents
  is at least 0.5 (`content`); a matched pair also counts for `+source` when the
  sources (or the source entities) share a name token, and for `+entity` when the
  source entities share one or are both null; `cue` and `kind` are accuracies
  over the matched pairs;
- figures match one to one when `low` and `high` are equal (`value`), and also
  the category (`+category`), and also the claimant (`+fig source`);
- a gold record marked `"optional": true` is neither a miss when not predicted
  nor a false alarm when predicted.

Counts are summed over all articles before dividing (micro-average).
`score(gold, predictions)` returns a `Scores`; `evaluate_file` runs the
extraction pipeline on a gold file's texts first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.errors import ReadError
from reportedly.model import Article

Record = dict[str, Any]

CONTENT_THRESHOLD = 0.5
PRF_METRICS = ("content", "+source", "+entity", "value", "+category", "+fig source")
ACCURACY_METRICS = ("cue", "kind")
LABELS = {
    "content": "attribution content",
    "+source": "attribution +source",
    "+entity": "attribution +entity",
    "value": "figure value",
    "+category": "figure +category",
    "+fig source": "figure +fig source",
    "cue": "attribution cue accuracy",
    "kind": "attribution kind accuracy",
}
# Words that do not identify a source on their own: articles, possessives, titles.
NOT_NAMES = frozenset((
    "a", "an", "the", "of", "and", "s", "his", "her", "its", "their",
    "mr", "mrs", "ms", "dr", "rep", "president", "minister", "spokesman", "spokesperson",
))  # fmt: skip

# What a matched pair can get wrong, and the key an explanation shows for it.
WRONG_KEYS = {
    "wrong source": "source",
    "wrong entity": "source_entity",
    "wrong category": "category",
    "wrong claimant": "source_entity",
}

_TOKEN = re.compile(r"\w+")
_FOLD_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def tokens(text: str | None) -> list[str]:
    """The lower-cased word tokens of `text`, curly quotes folded to straight."""
    return _TOKEN.findall((text or "").translate(_FOLD_QUOTES).lower())


def token_f1(a: str | None, b: str | None) -> float:
    """F1 of the two texts' token bags (0.0 when either is empty)."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(tb.values()), common / sum(ta.values())
    return 2 * precision * recall / (precision + recall)


def name_tokens(text: str | None) -> set[str]:
    return set(tokens(text)) - NOT_NAMES


def shares_name(a: str | None, b: str | None) -> bool:
    return bool(name_tokens(a) & name_tokens(b))


def entity_agrees(gold: Record, pred: Record) -> bool:
    """`+entity`: the source entities share a name token, or both are null."""
    g, p = gold.get("source_entity"), pred.get("source_entity")
    if not g and not p:
        return True
    return shares_name(g, p)


def source_agrees(gold: Record, pred: Record) -> bool:
    """`+source`: the source words or the source entities share a name token."""
    return shares_name(gold.get("source"), pred.get("source")) or shares_name(
        gold.get("source_entity"), pred.get("source_entity")
    )


def same_cue(gold: Record, pred: Record) -> bool:
    """Cue accuracy is lenient: the cues share a name word ("told" and "told reporters"),
    or have the same words (both null included)."""
    g, p = gold.get("cue"), pred.get("cue")
    return shares_name(g, p) or tokens(g) == tokens(p)


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return float(a) == float(b)


def same_value(gold: Record, pred: Record) -> bool:
    return _same_number(gold.get("low"), pred.get("low")) and _same_number(
        gold.get("high"), pred.get("high")
    )


def same_category(gold: Record, pred: Record) -> bool:
    return gold.get("category") == pred.get("category")


def figure_source_agrees(gold: Record, pred: Record) -> bool:
    return same_category(gold, pred) and entity_agrees(gold, pred)


def match(
    gold: list[Record],
    pred: list[Record],
    similarity: Callable[[Record, Record], float],
    prefer: Callable[[Record, Record], tuple[bool, ...]] = lambda g, p: (),
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) with similarity > 0, as the reference scorer.

    Required gold records pair before optional ones (an optional record never takes a
    prediction a required one could have); then the more similar pair wins, then the pair
    that `prefer` ranks higher (the same source, the same category), then earlier records.
    """
    candidates = sorted(
        (
            (not _is_optional(gold_record), s, *prefer(gold_record, pred_record), -p, -g)
            for g, gold_record in enumerate(gold)
            for p, pred_record in enumerate(pred)
            if (s := similarity(gold_record, pred_record)) > 0
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for *_, p, g in candidates:
        g, p = -g, -p
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def content_similarity(gold: Record, pred: Record) -> float:
    f1 = token_f1(gold.get("content"), pred.get("content"))
    return f1 if f1 >= CONTENT_THRESHOLD else 0.0


@dataclass
class Count:
    """True positives, predictions and gold records of one metric, summed over articles."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Issue:
    """One miss (a gold record not found) or false alarm (a prediction not in the gold)."""

    article_id: str
    what: str  # "missed", "false alarm", or for a matched pair "wrong source" and the like
    record_type: str  # "attribution" or "figure"
    record: Record
    gold: Record | None = None  # for a matched pair, the gold record it was matched to

    def __str__(self) -> str:
        r = self.record
        if self.record_type == "attribution":
            detail = f"({r.get('source')!r}, {r.get('cue')!r}) {r.get('content')!r}"
        else:
            detail = f"{r.get('text')!r} [{r.get('low')}..{r.get('high')}] {r.get('category')}"
        if self.gold is not None:
            key = WRONG_KEYS[self.what]
            detail += f": {key} {r.get(key)!r} for gold {self.gold.get(key)!r}"
        return f"{self.article_id}  {self.what:<14}  {self.record_type:<11}  {detail}"


@dataclass
class Scores:
    """Micro-averaged counts of every metric, and the misses and false alarms."""

    articles: int = 0
    counts: dict[str, Count] = field(default_factory=lambda: {m: Count() for m in PRF_METRICS})
    accuracies: dict[str, Accuracy] = field(
        default_factory=lambda: {m: Accuracy() for m in ACCURACY_METRICS}
    )
    issues: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The figures, rounded to 4 places, keyed as in the scorer's `--json` output."""
        out: dict[str, Any] = {
            name: {"p": round(c.precision, 4), "r": round(c.recall, 4), "f1": round(c.f1, 4)}
            for name, c in self.counts.items()
        }
        out.update({name: {"accuracy": round(a.value, 4)} for name, a in self.accuracies.items()})
        out["articles"] = self.articles
        return out


def _is_optional(record: Record) -> bool:
    return bool(record.get("optional"))


def _count(
    scores: Scores,
    metric: str,
    gold: list[Record],
    pred: list[Record],
    pairs: list[tuple[int, int]],
    counts_pair: Callable[[Record, Record], bool] = lambda g, p: True,
) -> None:
    """Add one article's counts for `metric`; pairs with an optional gold record drop out."""
    excused = {p for g, p in pairs if _is_optional(gold[g])}
    count = scores.counts[metric]
    count.gold += sum(not _is_optional(g) for g in gold)
    count.predicted += len(pred) - len(excused)
    count.tp += sum(
        1 for g, p in pairs if not _is_optional(gold[g]) and counts_pair(gold[g], pred[p])
    )


def _note_issues(
    scores: Scores,
    article_id: str,
    record_type: str,
    gold: list[Record],
    pred: list[Record],
    pairs: list[tuple[int, int]],
    checks: tuple[tuple[str, Callable[[Record, Record], bool]], ...],
) -> None:
    """Misses, false alarms, and for each required matched pair the first check it fails."""
    for g, p in pairs:
        if _is_optional(gold[g]):
            continue
        wrong = next((what for what, ok in checks if not ok(gold[g], pred[p])), None)
        if wrong:
            scores.issues.append(Issue(article_id, wrong, record_type, pred[p], gold[g]))
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    scores.issues += [
        Issue(article_id, "missed", record_type, g)
        for i, g in enumerate(gold)
        if i not in matched_gold and not _is_optional(g)
    ]
    scores.issues += [
        Issue(article_id, "false alarm", record_type, p)
        for i, p in enumerate(pred)
        if i not in matched_pred
    ]


def score_article(scores: Scores, article_id: str, gold: Record, pred: Record) -> None:
    """Add one article's gold and predicted records to `scores`."""
    scores.articles += 1
    gold_attrs, pred_attrs = gold.get("attributions") or [], pred.get("attributions") or []
    pairs = match(
        gold_attrs,
        pred_attrs,
        content_similarity,
        lambda g, p: (source_agrees(g, p), entity_agrees(g, p)),
    )
    _count(scores, "content", gold_attrs, pred_attrs, pairs)
    _count(scores, "+source", gold_attrs, pred_attrs, pairs, source_agrees)
    _count(scores, "+entity", gold_attrs, pred_attrs, pairs, entity_agrees)
    for g, p in pairs:
        if not _is_optional(gold_attrs[g]):
            g_rec, p_rec = gold_attrs[g], pred_attrs[p]
            scores.accuracies["cue"].total += 1
            scores.accuracies["cue"].correct += same_cue(g_rec, p_rec)
            scores.accuracies["kind"].total += 1
            scores.accuracies["kind"].correct += g_rec.get("kind") == p_rec.get("kind")
    _note_issues(
        scores,
        article_id,
        "attribution",
        gold_attrs,
        pred_attrs,
        pairs,
        (("wrong source", source_agrees), ("wrong entity", entity_agrees)),
    )

    gold_figs, pred_figs = gold.get("figures") or [], pred.get("figures") or []
    fig_pairs = match(
        gold_figs,
        pred_figs,
        lambda g, p: float(same_value(g, p)),
        lambda g, p: (same_category(g, p), entity_agrees(g, p)),
    )
    _count(scores, "value", gold_figs, pred_figs, fig_pairs)
    _count(scores, "+category", gold_figs, pred_figs, fig_pairs, same_category)
    _count(scores, "+fig source", gold_figs, pred_figs, fig_pairs, figure_source_agrees)
    _note_issues(
        scores,
        article_id,
        "figure",
        gold_figs,
        pred_figs,
        fig_pairs,
        (("wrong category", same_category), ("wrong claimant", entity_agrees)),
    )


def score(gold: Iterable[Record], predictions: Iterable[Record]) -> Scores:
    """Score prediction lines against gold lines, paired by `id`.

    A gold article without a prediction line counts as one with no records;
    prediction lines whose id is not in the gold are ignored.
    """
    by_id = {p.get("id"): p for p in predictions}
    scores = Scores()
    for g in gold:
        article_id = str(g.get("id"))
        score_article(scores, article_id, g, by_id.get(g.get("id"), {}))
    return scores


def read_gold(path: str | Path) -> list[Record]:
    """The lines of a gold (or input) JSONL file; a bad line raises ReadError naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"{path}: cannot read: {exc}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ReadError(f"{path}:{number}: expected an object with a string 'text'")
        if record.get("id") is None:
            raise ReadError(f"{path}:{number}: no 'id'")
        records.append(record)
    return records


def gold_article(record: Record) -> Article:
    """The extractor's input for one gold line (its annotations left out)."""
    return Article(
        text=record["text"],
        id=str(record["id"]),
        title=record.get("title"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        published=record.get("published"),
    )


def evaluate_file(
    gold_path: str | Path, *, nlp: Any = None, top_level: bool = False
) -> tuple[Scores, list[Record]]:
    """Run extraction on a gold file's texts and score it; returns the scores and predictions.

    `top_level` scores only the outermost attributions (`Report.top_level`), for
    gold sets that annotate no nested records.
    """
    from reportedly.extract import extract_reports

    gold = read_gold(gold_path)
    reports = extract_reports(map(gold_article, gold), nlp)
    predictions = [(r.top_level() if top_level else r).to_dict() for r in reports]
    return score(gold, predictions), predictions
