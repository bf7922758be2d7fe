"""The published JSON Schema is the one the records define, and real records validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from vigil.demo.world import generate
from vigil.domain.schema import interchange_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "schema" / "vigil-records.schema.json"


def test_published_schema_is_current():
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == interchange_schema(), "run: python scripts/gen_schema.py"


def test_demo_world_lines_validate_and_bad_ones_do_not(tmp_path):
    world_path, _ = generate(seed=2, accounts=120).write(tmp_path)
    validator = jsonschema.Draft202012Validator(interchange_schema())
    lines = world_path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        validator.validate(json.loads(line))
    bad = json.loads(lines[-1])
    bad["platform"] = "myspace"
    assert not validator.is_valid(bad)
