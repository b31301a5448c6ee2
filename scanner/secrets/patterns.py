"""High-precision detectors: secrets recognised by their own shape, wherever they appear.

Each detector has a stable id (the ``type`` of a finding and of the ``<redacted:TYPE>`` marker)
and a human description. :func:`find_patterns` runs all of them over one string and returns
:class:`Detection` objects whose ``secret`` is the exact substring to redact.

Deliberately not reported (docs/secrets.md explains each): AWS unique IDs of users, roles and
groups (``AIDA``, ``AROA``, ``AGPA``... name an entity, they do not authenticate), Stripe test
keys (``sk_test_``), a ``-----BEGIN PRIVATE KEY-----`` header without a key body, credentials in
a URL whose password is a placeholder or a variable (``https://user:${PASS}@host``), and any
match whose variable part is one repeated character (``hooks.slack.com/services/TXXXX/...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from scanner.secrets.values import is_placeholder, is_reference


@dataclass(frozen=True, order=True)
class Detection:
    """One secret found in one string: detector id, human description, and the secret itself.

    ``secret`` is the substring that must never be printed; it is kept only in memory, to
    redact it (see ``redact.py``), and never written to the graph or to any output.
    """

    type: str
    description: str
    secret: str


@dataclass(frozen=True)
class Detector:
    """A shape-based detector: ``regex`` finds candidates, ``group`` is the secret part,
    ``accept`` may veto a candidate (a placeholder password in a URL, say)."""

    type: str
    description: str
    regex: re.Pattern[str]
    group: int | str = 0
    accept: Callable[[re.Match[str]], bool] | None = None


def _real_password(match: re.Match[str]) -> bool:
    """The password of a ``user:password`` pair is neither a placeholder nor a reference."""
    password = match.group("password")
    return not (is_placeholder(password) or is_reference(password) or password.startswith("$"))


def _real_credential(match: re.Match[str]) -> bool:
    """An Authorization header value that is literal (not ``$TOKEN`` or ``<token>``)."""
    value = match.group("credential")
    return not (value.startswith("$") or is_placeholder(value) or is_reference(value))


def _varied(match: re.Match[str]) -> bool:
    """The variable part of a token is not one repeated character (``ghp_xxxx...``)."""
    body = match.group("body")
    return len(set(body)) > 1


_PRIVATE_KEY_BODY = 64

DETECTORS: tuple[Detector, ...] = (
    Detector(
        "aws-access-key-id",
        "AWS access key ID",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)(?P<body>[A-Z0-9]{16})(?![A-Z0-9])"),
        accept=_varied,
    ),
    Detector(
        "private-key",
        "private key",
        re.compile(
            r"-----BEGIN (?P<label>(?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
            r"(?P<body>[\sA-Za-z0-9+/=:,\-.\\]*?)"
            r"(?:-----END (?P=label)-----|(?![\sA-Za-z0-9+/=:,\-.\\]))",
        ),
        accept=lambda match: sum(char.isalnum() for char in match.group("body")) >= _PRIVATE_KEY_BODY,
    ),
    Detector(
        "github-token",
        "GitHub token",
        re.compile(r"(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_(?P<body>[A-Za-z0-9]{36})(?![A-Za-z0-9_])"),
        accept=_varied,
    ),
    Detector(
        "github-token",
        "GitHub fine-grained personal access token",
        re.compile(r"(?<![A-Za-z0-9_])github_pat_(?P<body>[A-Za-z0-9_]{82})(?![A-Za-z0-9_])"),
        accept=_varied,
    ),
    Detector(
        "gitlab-token",
        "GitLab personal access token",
        re.compile(r"(?<![A-Za-z0-9_-])glpat-(?P<body>[A-Za-z0-9_\-]{20,})(?![A-Za-z0-9_-])"),
        accept=_varied,
    ),
    Detector(
        "slack-token",
        "Slack token",
        re.compile(r"(?<![A-Za-z0-9-])xox[baprs]-(?P<body>[0-9]{6,}-[0-9A-Za-z-]{8,})(?![A-Za-z0-9-])"),
        accept=_varied,
    ),
    Detector(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/(?P<body>[A-Za-z0-9_/]{20,})"),
        accept=lambda match: len(set(match.group("body").replace("/", ""))) > 4,
    ),
    Detector(
        "stripe-secret-key",
        "Stripe live secret key",
        re.compile(r"(?<![A-Za-z0-9_])(?:sk|rk)_live_(?P<body>[0-9A-Za-z]{24,})(?![A-Za-z0-9_])"),
        accept=_varied,
    ),
    Detector(
        "google-api-key",
        "Google API key",
        re.compile(r"(?<![A-Za-z0-9_-])AIza(?P<body>[0-9A-Za-z_\-]{35})(?![A-Za-z0-9_-])"),
        accept=_varied,
    ),
    Detector(
        "url-credentials",
        "credentials in a URL",
        re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://(?P<userinfo>(?P<user>[^\s:/?#@\"'<>]+):(?P<password>[^\s/?#@\"'<>]+))@"),
        group="userinfo",
        accept=_real_password,
    ),
    Detector(
        "authorization-header",
        "credentials in an HTTP Authorization header",
        re.compile(r"(?i:authorization)\s*:\s*(?i:bearer|token|basic)\s+(?P<credential>[A-Za-z0-9._~+/=\-]{8,})"),
        group="credential",
        accept=_real_credential,
    ),
)

#: A cheap pre-filter: a string that matches none of these cannot match a detector.
TRIGGER = re.compile(
    r"AKIA|ASIA|ABIA|ACCA|PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|hooks\.slack\.com|_live_|AIza|://[^\s/]*:[^\s/]*@|[Aa]uthorization|AUTHORIZATION"
)
#: 40 characters of the base64 alphabet, alone: the shape of an AWS secret access key.
AWS_SECRET_SHAPE = re.compile(r"(?<![A-Za-z0-9/+=])(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")
_AWS_SECRET_CONTEXT = re.compile(r"(?i)secret|aws_?secret")
_AWS_CONTEXT_WINDOW = 80


def is_aws_secret_shape(value: str) -> bool:
    """True when ``value`` is exactly 40 base64 characters mixing upper, lower case and a digit
    or ``/`` ``+`` (so a 40-hex git SHA never qualifies)."""
    return bool(
        AWS_SECRET_SHAPE.fullmatch(value)
        and any(char.isupper() for char in value)
        and any(char.islower() for char in value)
        and any(char.isdigit() or char in "/+" for char in value)
    )


def find_patterns(text: str) -> list[Detection]:
    """Every shape-based secret in ``text``, sorted, without duplicates.

    Also finds an AWS secret access key (40 base64 characters) when the text says so nearby:
    the word ``secret`` shortly before it, or an AWS access key ID in the same text.
    """
    if not isinstance(text, str) or len(text) < 8:
        return []
    found: set[Detection] = set()
    if TRIGGER.search(text):
        for detector in DETECTORS:
            for match in detector.regex.finditer(text):
                if detector.accept is None or detector.accept(match):
                    found.add(Detection(detector.type, detector.description, match.group(detector.group)))
    if len(text) >= 40:
        has_key_id = any(item.type == "aws-access-key-id" for item in found)
        for match in AWS_SECRET_SHAPE.finditer(text):
            secret = match.group("secret")
            window = text[max(0, match.start() - _AWS_CONTEXT_WINDOW) : match.start()]
            if is_aws_secret_shape(secret) and (has_key_id or _AWS_SECRET_CONTEXT.search(window)):
                found.add(Detection("aws-secret-access-key", "AWS secret access key", secret))
    return sorted(found)
