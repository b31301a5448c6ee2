"""Which names (attribute keys, variable names, env var names, flags) announce a secret.

A name is split into lower-case words (``dbPassword`` -> ``db password``, ``AWS_SECRET_ACCESS_KEY``
-> ``aws secret access key``, ``--api-key`` -> ``api key``). It is secret-looking when a word is
a secret word (``password``, ``secret``, ``token``, ``credentials``...), when ``key`` follows a
qualifier (``api``, ``access``, ``private``...), or when the words run together hide one
(``dbpassword``). It is *not* secret-looking when its last word says the value only points at a
secret or describes it (``secret_name``, ``password_length``, ``token_url``, ``kms_key_id``),
because such values are names, ARNs, paths or settings, never the secret itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

#: Words that make a name secret-looking on their own.
SECRET_WORDS = frozenset(
    {
        "password", "passwd", "passphrase", "pwd", "pass", "pw",
        "secret", "secrets", "token", "tokens", "credential", "credentials", "creds",
        "apikey", "privatekey", "accesskey", "secretkey", "connectionstring", "sas",
    }
)
#: Words that make a following ``key`` a secret (``api key``, ``private key``, ``account key``).
KEY_QUALIFIERS = frozenset(
    {
        "api", "access", "private", "secret", "signing", "encryption", "master", "auth", "account", "shared", "client",
        "app", "license", "webhook", "deploy", "ssh", "session", "hmac", "jwt", "sign",
    }
)
#: Run-together spellings found inside one word (``dbpassword``, ``xapikey``).
SECRET_FRAGMENTS = ("password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "accesskey", "credential")
#: A last word that makes the value a pointer to a secret or a setting about it, never the secret.
REFERENCE_WORDS = frozenset(
    {
        "name", "names", "arn", "arns", "id", "ids", "path", "paths", "file", "filename", "files", "dir",
        "ref", "reference", "version", "versions", "length", "len", "policy", "policies", "enabled", "enable",
        "type", "types", "rotation", "url", "uri", "endpoint", "ttl", "expiry", "expiration", "expires",
        "count", "mode", "format", "location", "selector", "header", "field", "param", "parameter", "store",
        "source", "prefix", "label", "labels", "description", "template", "provider", "manager", "min", "max",
        "size", "bits", "algorithm", "hash", "required", "reset", "validity", "lifetime", "timeout", "usage",
        "scope", "scopes", "audience", "issuer", "kms", "key_id", "keyid", "backend", "engine", "namespace",
        "mount", "env", "var", "variable", "secretref", "keyref", "annotation", "annotations", "class",
        "pattern", "regex", "complexity", "generator", "user", "username", "owner", "created", "updated",
        "date", "time", "age", "interval", "period", "days", "hours", "seconds", "strategy", "method",
    }
)
#: Names whose value is an AWS secret access key when it has that key's shape.
_AWS_SECRET_COMPACT = ("secretaccesskey", "awssecretkey", "awssecret", "secretkey")


@lru_cache(maxsize=16384)
def name_words(name: str) -> tuple[str, ...]:
    """The lower-case words of ``name``: camelCase, snake_case, kebab-case, dots and slashes split."""
    words: list[str] = []
    for part in _WORD_SPLIT.split(name):
        if part:
            words.extend(piece.lower() for piece in _CAMEL.split(part) if piece)
    return tuple(words)


@lru_cache(maxsize=16384)
def is_secret_name(name: str) -> bool:
    """True when ``name`` announces a secret value (see the module docstring for the rules)."""
    words = name_words(name)
    if not words:
        return False
    if words[-1] in REFERENCE_WORDS or (len(words) >= 2 and words[-2] + "_" + words[-1] in REFERENCE_WORDS):
        return False
    for index, word in enumerate(words):
        if word in SECRET_WORDS:
            return True
        if word == "key" and index and words[index - 1] in KEY_QUALIFIERS:
            return True
        if any(fragment in word for fragment in SECRET_FRAGMENTS):
            return True
    return False


@lru_cache(maxsize=4096)
def is_aws_secret_name(name: str) -> bool:
    """True when ``name`` is how an AWS secret access key is usually called
    (``secret_key``, ``aws_secret_access_key``, ``SecretAccessKey``, ``AWS_SECRET``)."""
    compact = "".join(name_words(name))
    return any(fragment in compact for fragment in _AWS_SECRET_COMPACT)
