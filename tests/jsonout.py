"""Read lintlaw's JSON output in tests: parse it and validate it against the documented contract
(lintlaw/schema/output.schema.json), so no test reads a JSON report the schema would refuse."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("lintlaw.schema").joinpath("output.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def output_json(text: str | bytes) -> Any:
    """The report `lintlaw check --format json` printed, after checking it follows the schema."""
    data = json.loads(text)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return data
