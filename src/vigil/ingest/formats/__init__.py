"""Built-in readers.  Importing this package registers them all, in the order they are sniffed:
the most specific signatures first."""

from vigil.ingest.formats import (  # noqa: F401
    crowdtangle,
    telegram,
    tiktok,
    vigil_jsonl,
    whatsapp,
    x_v2,
)
