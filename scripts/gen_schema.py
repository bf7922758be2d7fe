"""Regenerate docs/schema/vigil-records.schema.json from the domain records."""

import json
from pathlib import Path

from vigil.domain.schema import interchange_schema

out = Path(__file__).resolve().parents[1] / "docs" / "schema" / "vigil-records.schema.json"
out.write_text(json.dumps(interchange_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(out)
