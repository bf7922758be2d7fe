"""The JSON Schema of Vigil's interchange format, generated from the records themselves."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from vigil.domain.records import Account, Interaction, Link, Media, Post

InterchangeRecord = Annotated[Account | Post | Media | Link | Interaction, Field(discriminator="type")]


def interchange_schema() -> dict[str, Any]:
    schema = TypeAdapter(InterchangeRecord).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vigil.invalid/schema/vigil-records.schema.json"
    schema["title"] = "Vigil interchange record (one JSON object per line)"
    return schema
