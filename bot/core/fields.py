"""The `key:value` words of a slash command ("Title words p:3 owner:@dana due:next friday")."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.core.errors import UserError


def split_fields(
    text: str, keys: Collection[str], *, duplicate: str, empty: str | None
) -> tuple[str, dict[str, str]]:
    """Split "Head words k:v v k2:v2" into ("Head words", {"k": "v v", "k2": "v2"}).

    Only the given keys are recognised, and only at the start of a word. `duplicate` and
    `empty` are the catalog ids of the errors for a key given twice and, unless None, for a
    key without a value.

    Raises:
        UserError: a key is given twice or (when `empty` is set) without a value.
    """
    pattern = re.compile(r"(?<!\S)(" + "|".join(map(re.escape, keys)) + r"):", re.IGNORECASE)
    matches = list(pattern.finditer(text))
    head = text[: matches[0].start()] if matches else text
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        key = match.group(1).lower()
        value = text[match.end() : end].strip()
        if key in values:
            raise UserError(duplicate, name=key)
        if not value and empty is not None:
            raise UserError(empty, name=key)
        values[key] = value
    return head.strip(), values
