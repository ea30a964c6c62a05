"""Identifiers that authors write: question, section, choice, flag and calculation ids."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
"""What an id is, as a JSON Schema (ECMA) pattern."""
_ID = re.compile(ID_PATTERN)


def check_id(value: str) -> str:
    """Accept `value` as an id or explain the rule in an author's terms."""
    if not _ID.fullmatch(value):
        raise ValueError(
            f"'{value[:80]}' is not a valid id: use lowercase letters, digits and underscores, "
            "starting with a letter, at most 64 characters (for example: date_of_birth)"
        )
    return value


Id = Annotated[
    str, AfterValidator(check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
