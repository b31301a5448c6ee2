"""Terraform's encoding and hashing functions: jsonencode/jsondecode, yamlencode/yamldecode,
base64, urlencode, md5/sha*, uuidv5; and :func:`decode_json_document` for callers.

``jsonencode`` writes Terraform's compact form (sorted keys, no spaces, ``<``, ``>`` and ``&``
escaped as Go does), so a policy written with ``jsonencode({...})`` and one written as a JSON
heredoc decode to the same object. YAML is loaded safely, timestamps stay strings, and a
document whose aliases expand to too many values is rejected.
"""

from __future__ import annotations

import base64
import functools
import binascii
import hashlib
import json
import math
import uuid
from typing import Any
from urllib.parse import quote

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.semantics import ConversionError, format_number, is_number, normalize_number, to_string

FUNCTIONS = FunctionTable()
MAX_DECODED_VALUES = 100_000
"""A decoded YAML or JSON document may hold at most this many values (aliases counted expanded)."""
MAX_DECODED_DEPTH = 100
"""A decoded YAML or JSON document may nest at most this deep, so values stay safe to walk."""

_GO_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _text(value: Any) -> str:
    if value is None:
        raise ConversionError("the argument is null")
    return to_string(value)


def json_encode(value: Any) -> str:
    """Encode a known value as Terraform's ``jsonencode`` does."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        for char, escape in _GO_HTML_ESCAPES.items():
            if char in text:
                text = text.replace(char, escape)
        return text
    if isinstance(value, list):
        return "[" + ",".join(json_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json_encode(str(k))}:{json_encode(value[k])}" for k in sorted(value)) + "}"
    raise ConversionError(f"cannot encode a {type(value).__name__} as JSON")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def json_decode(text: str) -> Any:
    """Decode JSON text to values (integral numbers as ``int``); raise ConversionError if invalid."""
    try:
        value = json.loads(text, parse_float=lambda s: normalize_number(float(s)), parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error) or "nested too deeply"
        raise ConversionError(f"invalid JSON: {message}") from None
    return _plain(value, [MAX_DECODED_VALUES], 0, "JSON")


@FUNCTIONS.define("jsonencode", 1)
def jsonencode(value: Any) -> str:
    """``jsonencode(value)``: compact JSON with sorted keys."""
    return json_encode(value)


@FUNCTIONS.define("jsondecode", 1)
def jsondecode(text: Any) -> Any:
    """``jsondecode(string)``: the value the JSON text describes."""
    return json_decode(_text(text))


def decode_json_document(value: Any) -> Any:
    """Return the decoded object or array when ``value`` is a string holding a JSON document.

    Used for IAM-style policies written as heredoc JSON or produced by ``jsonencode``; any other
    value (including a string that is not a JSON object or array, or an Unknown) is returned as is.
    """
    if not isinstance(value, str):
        return value
    stripped = value.strip()
    if not stripped or stripped[0] not in "[{":
        return value
    try:
        decoded = json_decode(stripped)
    except ConversionError:
        return value
    return decoded if isinstance(decoded, (dict, list)) else value


@functools.lru_cache(maxsize=1)
def _yaml_loader() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StringTimestampLoader(base):  # type: ignore[misc, valid-type]
        """Safe loader that keeps timestamps as strings, as Terraform's yamldecode does."""

    StringTimestampLoader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    return StringTimestampLoader


def _plain(value: Any, budget: list[int], depth: int, kind: str) -> Any:
    """Check and convert a decoded document to plain values: bounded size and depth, finite numbers."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ConversionError(f"the {kind} document expands to more than {MAX_DECODED_VALUES} values")
    if depth > MAX_DECODED_DEPTH:
        raise ConversionError(f"the {kind} document is nested more than {MAX_DECODED_DEPTH} levels deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConversionError(f"the {kind} document holds an infinite or NaN number")
        return normalize_number(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item, budget, depth + 1, kind) for item in value]
    if isinstance(value, set):
        return sorted(_plain(item, budget, depth + 1, kind) for item in value)
    if isinstance(value, dict):
        return {_yaml_key(key): _plain(item, budget, depth + 1, kind) for key, item in value.items()}
    raise ConversionError(f"the {kind} document holds an unsupported value ({type(value).__name__})")


def _yaml_key(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, (str, bool, int, float)):
        return to_string(key)
    raise ConversionError("the YAML document has a key that is not a string")


@FUNCTIONS.define("yamldecode", 1)
def yamldecode(text: Any) -> Any:
    """``yamldecode(string)``: the value of a single YAML document, loaded safely."""
    import yaml

    try:
        documents = list(yaml.load_all(_text(text), Loader=_yaml_loader()))
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ConversionError(f"invalid YAML: {problem}") from None
    except RecursionError:
        raise ConversionError("the YAML document is nested too deeply") from None
    if len(documents) > 1:
        raise ConversionError("yamldecode needs a single YAML document")
    return _plain(documents[0] if documents else None, [MAX_DECODED_VALUES], 0, "YAML")


@functools.lru_cache(maxsize=1)
def _yaml_dumper() -> Any:
    import yaml

    class QuotingDumper(yaml.SafeDumper):
        """Dumper writing every string double-quoted, like Terraform's yamlencode."""

    QuotingDumper.add_representer(
        str, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    )
    return QuotingDumper


@FUNCTIONS.define("yamlencode", 1)
def yamlencode(value: Any) -> str:
    """``yamlencode(value)``: YAML in block style with double-quoted strings and sorted keys."""
    import yaml

    return yaml.dump(value, Dumper=_yaml_dumper(), sort_keys=True, allow_unicode=True, width=2**31 - 1)


@FUNCTIONS.define("base64encode", 1)
def base64encode(text: Any) -> str:
    """``base64encode(string)``: the UTF-8 bytes of the string in Base64."""
    return base64.b64encode(_text(text).encode("utf-8")).decode("ascii")


@FUNCTIONS.define("base64decode", 1)
def base64decode(text: Any) -> str:
    """``base64decode(string)``: the Base64 text decoded; the result must be UTF-8."""
    try:
        return base64.b64decode(_text(text), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise ConversionError("the argument is not valid Base64 of UTF-8 text") from None


@FUNCTIONS.define("urlencode", 1)
def urlencode(text: Any) -> str:
    """``urlencode(string)``: query-string escaping (spaces as ``+``), like Go's QueryEscape."""
    return quote(_text(text), safe="-_.~").replace("%20", "+")


def _digest(name: str, text: Any) -> Any:
    return hashlib.new(name, _text(text).encode("utf-8"))


FUNCTIONS.define("md5", 1)(lambda text: _digest("md5", text).hexdigest())
FUNCTIONS.define("sha1", 1)(lambda text: _digest("sha1", text).hexdigest())
FUNCTIONS.define("sha256", 1)(lambda text: _digest("sha256", text).hexdigest())
FUNCTIONS.define("sha512", 1)(lambda text: _digest("sha512", text).hexdigest())
FUNCTIONS.define("base64sha256", 1)(lambda text: base64.b64encode(_digest("sha256", text).digest()).decode())
FUNCTIONS.define("base64sha512", 1)(lambda text: base64.b64encode(_digest("sha512", text).digest()).decode())

_UUID_NAMESPACES = {"dns": uuid.NAMESPACE_DNS, "url": uuid.NAMESPACE_URL, "oid": uuid.NAMESPACE_OID, "x500": uuid.NAMESPACE_X500}


@FUNCTIONS.define("uuidv5", 2)
def uuidv5(namespace: Any, name: Any) -> str:
    """``uuidv5(namespace, name)``: the name-based (SHA-1) UUID; deterministic, unlike ``uuid()``."""
    key = _text(namespace)
    space = _UUID_NAMESPACES.get(key)
    if space is None:
        try:
            space = uuid.UUID(key)
        except ValueError:
            raise ConversionError(f"{key!r} is not a UUID namespace") from None
    return str(uuid.uuid5(space, _text(name)))

