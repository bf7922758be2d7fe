"""Built-in readers.  Importing this package registers them all."""

from vigil.ingest.formats import vigil_jsonl  # noqa: F401
