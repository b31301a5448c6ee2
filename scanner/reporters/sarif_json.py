"""Serialize a sarif-om object tree to plain JSON data (sarif-om has no serializer of its own).

sarif-om's classes are ``attrs`` classes whose fields carry the SARIF property name in
``metadata["schema_property_name"]``. :func:`sarif_to_data` walks such a tree and returns dicts,
lists and scalars ready for ``json.dumps``:

- a field that is ``None`` is left out (sarif-om uses None for "not set");
- a field equal to its declared default is left out too, since SARIF defines the same default
  (``kind: "fail"``, ``rank: -1``, ``language: "en-US"``...), except the fields in
  :data:`ALWAYS_WRITTEN`: a result's ``level`` defaults to its rule's configured level rather than
  to a constant, so bastion always writes it, and GitHub reads it;
- plain dicts (property bags with keys such as ``security-severity``) keep their keys as given.

This plays the role of Microsoft's companion ``jschema-to-python`` serializer without adding that
dependency (and without its habit of dropping ``level: "warning"``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Python field names written even when equal to their declared default.
ALWAYS_WRITTEN: frozenset[str] = frozenset({"level"})
#: Marks a field whose value is written whenever it is not None.
_NO_DEFAULT = object()


def sarif_to_data(value: Any) -> Any:
    """``value`` (a sarif-om object, or a dict/list/scalar holding them) as JSON-ready data."""
    if isinstance(value, dict):
        return {str(key): sarif_to_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [sarif_to_data(item) for item in value]
    fields = _fields_of(type(value))
    if fields is None:
        return value
    data: dict[str, Any] = {}
    for name, json_name, default in fields:
        item = getattr(value, name)
        if item is None or (default is not _NO_DEFAULT and type(item) is type(default) and item == default):
            continue
        data[json_name] = sarif_to_data(item)
    return data


@cache
def _fields_of(cls: type) -> tuple[tuple[str, str, Any], ...] | None:
    """(Python name, SARIF name, default to omit) of each field of an attrs class; None otherwise.

    The default is ``_NO_DEFAULT`` for fields without a non-None default and for
    :data:`ALWAYS_WRITTEN` fields.
    """
    import attr

    if not attr.has(cls):
        return None
    fields = []
    for field in attr.fields(cls):
        default = field.default
        if isinstance(default, attr.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if default is attr.NOTHING or default is None or field.name in ALWAYS_WRITTEN:
            default = _NO_DEFAULT
        fields.append((field.name, field.metadata.get("schema_property_name", field.name), default))
    return tuple(fields)
