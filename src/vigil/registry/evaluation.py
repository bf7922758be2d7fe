"""Measuring the matcher on a labelled set of texts (JSON Lines).

Each line: ``{"text": "...", "orgs": ["ttp"], "lang": "ur", "note": "..."}``; ``orgs`` lists
every organisation the text names (empty for false friends).  A prediction is an organisation
with a mention of confidence >= the threshold.  Precision and recall count (text, organisation)
pairs, overall, per language and per organisation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.errors import InputError
from vigil.registry.matcher import REPORT_THRESHOLD, Matcher


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Example:
    line: int
    text: str
    orgs: frozenset[str]
    lang: str


@dataclass
class EvalResult:
    items: int
    threshold: float
    overall: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_org: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "threshold": self.threshold,
            **self.overall.as_dict(),
            "by_language": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
            "by_organisation": {k: v.as_dict() for k, v in sorted(self.by_org.items())},
            "errors": self.errors,
        }


def read_examples(path: Path) -> list[Example]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
            text, orgs = obj["text"], obj.get("orgs", [])
            if not isinstance(text, str) or not isinstance(orgs, list):
                raise TypeError("'text' must be a string and 'orgs' a list")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"bad labelled example: {exc}", source=str(path), line=n) from exc
        out.append(Example(n, text, frozenset(orgs), str(obj.get("lang", "?"))))
    if not out:
        raise InputError("no labelled examples", source=str(path))
    return out


def evaluate(matcher: Matcher, examples: list[Example], threshold: float = REPORT_THRESHOLD) -> EvalResult:
    result = EvalResult(items=len(examples), threshold=threshold)
    for ex in examples:
        found = {m.organisation for m in matcher.find(ex.text) if m.confidence >= threshold}
        for org in found | ex.orgs:
            hit, want = org in found, org in ex.orgs
            for counts in (result.overall, result.by_lang[ex.lang], result.by_org[org]):
                counts.tp += hit and want
                counts.fp += hit and not want
                counts.fn += want and not hit
        if found != ex.orgs:
            result.errors.append(
                {
                    "line": ex.line,
                    "text": ex.text,
                    "expected": sorted(ex.orgs),
                    "found": sorted(found),
                }
            )
    return result
