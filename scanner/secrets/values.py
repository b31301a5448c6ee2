"""Which literal values can never be a secret worth reporting, whatever their name.

Three families are rejected before any entropy is measured:

- **placeholders** a human typed instead of a secret: ``changeme``, ``<your-token>``, ``xxxx``,
  ``example``, ``dummy``, ``test``, ``REPLACE_ME``, ``****``;
- **references** to a secret kept elsewhere: ``${var.x}``, ``{{ .Values.x }}``, ``$(cat f)``,
  ``$DB_PASSWORD``, an ARN, a Key Vault reference, a SOPS-encrypted ``ENC[...]`` value;
- **known non-secrets** that look random but identify something: a path, a URL without
  credentials, a UUID, an e-mail address, an IP address or CIDR, a version, a date, a digest,
  and slugs made of plain words (``prod-db-credentials``, ``admin-password-2024``).
"""

from __future__ import annotations

import re

from scanner.secrets.entropy import looks_random

_PLACEHOLDER_WORDS = (
    "changeme", "change_me", "change-me", "changeit", "example", "dummy", "placeholder", "your_", "your-",
    "yourpassword", "yoursecret", "yourtoken", "redacted", "xxxx", "****", "....", "todo", "fixme",
    "replace", "insert", "fake", "sample", "test", "lorem", "notasecret", "not-a-secret", "not_a_secret",
)
#: Values that are the name of what they stand for (``password = "password"``).
_PLACEHOLDER_VALUES = frozenset(
    {"password", "passwd", "pass", "secret", "token", "pwd", "none", "null", "nil", "undefined", "empty", "default", "admin"}
)
_REFERENCE = re.compile(
    r"\$\{|\$\(|\{\{|\{%|%\{|#\{|<[^<>]*>|^\$[A-Za-z_]|%\([A-Za-z_]+\)s|%s\b|^ENC\[|^arn:|^!Ref\b|^!Sub\b|^!GetAtt\b"
    r"|@Microsoft\.KeyVault\(|^vault:|^ref\+|^(?:awskms|gcpkms|azurekeyvault|hashivault|sops):|^projects/[^/]+/secrets/",
    re.IGNORECASE,
)
_SINGLE_CHAR_RUN = re.compile(r"^(.)\1*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_URL_WITH_CREDENTIALS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/\s@]*:[^/\s@]*@")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?(:\d+)?$|^[0-9A-Fa-f:]+::[0-9A-Fa-f:]*(/\d{1,3})?$")
_VERSION = re.compile(r"^v?\d+(\.\d+)+([-+][0-9A-Za-z.-]+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
_DIGEST = re.compile(r"^(sha1|sha256|sha384|sha512|md5):[0-9a-fA-F]+$")
_PATH = re.compile(r"^(/|\./|\.\./|~/|[A-Za-z]:\\)")
_SLUG = re.compile(r"^(?:[a-z]+|[0-9]+)(?:[-_./:](?:[a-z]+|[0-9]+))+$|^[a-z]+$|^[A-Z]+(?:_[A-Z]+)*$")


def is_placeholder(value: str) -> bool:
    """True for an obvious stand-in: a known placeholder word, ``<...>``, one repeated character."""
    lowered = value.strip().lower()
    if not lowered or lowered in _PLACEHOLDER_VALUES or _SINGLE_CHAR_RUN.match(lowered):
        return True
    return any(word in lowered for word in _PLACEHOLDER_WORDS) or ("<" in lowered and ">" in lowered)


def is_reference(value: str) -> bool:
    """True when the value points at a secret kept elsewhere (template, variable, ARN, vault, SOPS)."""
    return bool(_REFERENCE.search(value.strip()))


def is_known_non_secret(value: str) -> bool:
    """True for values that identify something rather than authenticate (see the module docstring).

    A URL is a non-secret only when it carries no ``user:password@``; that case is the job of
    the URL-credentials detector.
    """
    text = value.strip()
    if _URL.match(text):
        return not _URL_WITH_CREDENTIALS.match(text)
    return bool(
        _UUID.match(text)
        or _EMAIL.match(text)
        or _IP.match(text)
        or _VERSION.match(text)
        or _DATE.match(text)
        or _DIGEST.match(text)
        or _PATH.match(text)
        or _SLUG.match(text)
    )


def is_generic_secret_value(value: str) -> bool:
    """True when a literal assigned to a secret-looking name should be reported as a secret.

    It must be one token (no whitespace), not a placeholder, reference or known non-secret, and
    look random (length >= 12, entropy >= 3.5 bits per character, two character classes or more).
    """
    text = value.strip()
    if not text or len(text) > 1024 or any(char.isspace() for char in text):
        return False
    if is_placeholder(text) or is_reference(text) or is_known_non_secret(text):
        return False
    return looks_random(text)


def is_blank_or_placeholder(value: str) -> bool:
    """True for a value that holds nothing real: empty, a placeholder or a reference.

    Used where every real value counts (the data of a committed Kubernetes Secret).
    """
    text = value.strip()
    return not text or is_placeholder(text) or is_reference(text)
