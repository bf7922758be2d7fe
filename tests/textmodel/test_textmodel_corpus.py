"""The seed corpus: reproducible from its generator, varied, and shaped as documented."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from vigil.models.corpus import LABELS, load_seed, seed_path
from vigil.models.corpus.generate import generate, write


def test_shipped_corpus_is_what_the_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "seed.tsv"
    write(generate(), out)
    assert out.read_bytes() == seed_path().read_bytes(), (
        "seed_support.tsv differs from its generator: run python -m vigil.models.corpus.generate"
    )


def test_corpus_covers_every_language_and_class() -> None:
    posts = load_seed()
    assert len(posts) >= 5000
    assert len({p.text for p in posts}) == len(posts), "no duplicate posts"
    languages = Counter(p.language for p in posts)
    assert set(languages) == {"en", "ur", "ur-Latn", "ps", "ar", "mixed"}
    assert min(languages.values()) >= 500
    labels = Counter(p.label for p in posts)
    assert set(labels) == set(LABELS)
    # hard negatives (news, condemnation, political speech) outnumber support posts
    hard = labels["reporting"] + labels["counter_speech"] + labels["political"]
    assert hard >= 2.5 * labels["support"]
    # support, reporting and counter-speech all name organisations; political speech does not
    for p in posts:
        assert bool(p.organisation) == (p.label in {"support", "reporting", "counter_speech"})


def test_corpus_names_no_people_and_gives_no_instructions() -> None:
    forbidden = re.compile(r"\b(how to|step \d|instructions?|recipe for (a )?bomb)\b", re.I)
    offenders = [p.text for p in load_seed() if forbidden.search(p.text) and p.label == "support"]
    assert offenders == []


def test_many_templates_per_class_so_held_out_templates_mean_something() -> None:
    templates = Counter(
        (p.language, p.label) for p in {(p.template, p.language, p.label): p for p in load_seed()}.values()
    )
    assert min(templates.values()) >= 5
