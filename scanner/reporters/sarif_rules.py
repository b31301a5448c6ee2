"""SARIF ``reportingDescriptor`` objects for bastion's rules, shaped for GitHub code scanning.

Severity mapping (documented in docs/output.md):

| bastion  | ``level`` | ``security-severity`` | GitHub shows |
|----------|-----------|-----------------------|--------------|
| CRITICAL | error     | "9.5"                 | Critical     |
| HIGH     | error     | "8.0"                 | High         |
| MEDIUM   | warning   | "5.5"                 | Medium       |
| LOW      | note      | "3.0"                 | Low          |
| INFO     | note      | "1.0"                 | Low          |

An unknown severity is treated as MEDIUM. Each rule carries ``properties.tags`` (``security``, its
category, its severity in lower case, its frameworks, then ``conftest`` / ``custom-policy`` for
users' policies; at most 10), ``properties.precision`` (``high`` for built-in rules, ``medium``
for users' policies, whose precision bastion cannot vouch for), and ``properties.aliases`` (the same
check's IDs in other scanners) when it has any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sarif_om import ReportingDescriptor

    from scanner.findings import Finding, RuleMeta

#: SARIF level of each severity.
SEVERITY_LEVELS: dict[str, str] = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note", "INFO": "note"}
#: GitHub's ``security-severity`` score of each severity (a string holding a number in (0, 10]).
SECURITY_SEVERITIES: dict[str, str] = {"CRITICAL": "9.5", "HIGH": "8.0", "MEDIUM": "5.5", "LOW": "3.0", "INFO": "1.0"}
#: GitHub shows at most this many tags per rule.
MAX_TAGS = 10
#: GitHub's limit for shortDescription and fullDescription.
MAX_DESCRIPTION_CHARS = 1024
#: GitHub's limit for a rule's name.
MAX_NAME_CHARS = 255
_FALLBACK_SEVERITY = "MEDIUM"


def sarif_level(severity: str) -> str:
    """The SARIF ``level`` (error, warning, note) of a bastion severity; unknown means MEDIUM."""
    return SEVERITY_LEVELS.get(severity.upper(), SEVERITY_LEVELS[_FALLBACK_SEVERITY])


def security_severity(severity: str) -> str:
    """GitHub's ``security-severity`` string of a bastion severity; unknown means MEDIUM."""
    return SECURITY_SEVERITIES.get(severity.upper(), SECURITY_SEVERITIES[_FALLBACK_SEVERITY])


def fallback_meta(finding: Finding) -> RuleMeta:
    """Metadata for a finding whose rule is missing from ``ScanResult.rules``, from the finding itself."""
    from scanner.findings import RuleMeta

    return RuleMeta(finding.rule_id, finding.title or finding.rule_id, finding.severity, source=finding.source)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with "..." when something was cut."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def rule_tags(meta: RuleMeta, category: str) -> list[str]:
    """``security``, the category, the severity, the frameworks, the policy kind: unique, at most 10."""
    tags = ["security", category, (meta.severity or _FALLBACK_SEVERITY).lower(), *sorted(meta.frameworks)]
    if meta.source != "builtin":
        tags += ["conftest"] if meta.mode == "conftest" else []
        tags.append("custom-policy")
    unique = list(dict.fromkeys(tag for tag in tags if tag))
    return unique[:MAX_TAGS]


def help_text(meta: RuleMeta) -> str:
    """Plain-text help: rationale, remediation, references, frameworks and aliases."""
    parts = [meta.description or meta.title]
    if meta.remediation:
        parts.append(f"Remediation: {meta.remediation}")
    if meta.related_resources:
        parts.append("References:\n" + "\n".join(f"- {url}" for url in meta.related_resources))
    if meta.frameworks:
        parts.append("Frameworks: " + "; ".join(f"{name} {', '.join(controls)}" for name, controls in sorted(meta.frameworks.items())))
    if meta.aliases:
        parts.append(f"Also known as: {', '.join(meta.aliases)}")
    return "\n\n".join(parts)


def help_markdown(meta: RuleMeta) -> str:
    """Markdown help shown by GitHub: the same content as :func:`help_text`, with headings.

    Metadata text is Markdown already (backticks for code); a ``<`` outside code spans is written
    as ``&lt;`` so that placeholders such as ``<digest>`` are not taken for HTML tags and dropped.
    """
    parts = [f"**{markdown_safe(meta.title)}** (`{meta.id}`, severity {meta.severity or _FALLBACK_SEVERITY})"]
    if meta.description:
        parts.append(markdown_safe(meta.description))
    if meta.remediation:
        parts.append(f"## Remediation\n\n{markdown_safe(meta.remediation)}")
    if meta.related_resources:
        parts.append("## References\n\n" + "\n".join(f"- <{url}>" for url in meta.related_resources))
    if meta.frameworks:
        rows = "\n".join(f"- {markdown_safe(name)}: {', '.join(controls)}" for name, controls in sorted(meta.frameworks.items()))
        parts.append(f"## Frameworks\n\n{rows}")
    if meta.aliases:
        parts.append("Also known as: " + ", ".join(f"`{alias}`" for alias in meta.aliases))
    return "\n\n".join(parts)


def markdown_safe(text: str) -> str:
    """``text`` with every ``<`` outside backtick code spans replaced by ``&lt;``."""
    pieces = text.split("`")
    return "`".join(piece if index % 2 else piece.replace("<", "&lt;") for index, piece in enumerate(pieces))


def rule_properties(meta: RuleMeta, category: str) -> dict[str, Any]:
    """The rule's property bag: tags, precision, security-severity, and aliases when it has any."""
    properties: dict[str, Any] = {
        "tags": rule_tags(meta, category),
        "precision": "high" if meta.source == "builtin" else "medium",
        "security-severity": security_severity(meta.severity or _FALLBACK_SEVERITY),
    }
    if meta.aliases:
        properties["aliases"] = list(meta.aliases)
    return properties


def reporting_descriptor(meta: RuleMeta, category: str) -> ReportingDescriptor:
    """The SARIF rule for ``meta`` in a run of ``category``: id, name, descriptions, help, level, properties."""
    from sarif_om import (
        MultiformatMessageString,
        ReportingConfiguration,
        ReportingDescriptor,
    )

    title = meta.title or meta.id
    return ReportingDescriptor(
        id=meta.id,
        name=truncate(meta.name or meta.id, MAX_NAME_CHARS),
        short_description=MultiformatMessageString(text=truncate(title, MAX_DESCRIPTION_CHARS)),
        full_description=MultiformatMessageString(text=truncate(meta.description or title, MAX_DESCRIPTION_CHARS)),
        help=MultiformatMessageString(text=help_text(meta), markdown=help_markdown(meta)),
        default_configuration=ReportingConfiguration(level=sarif_level(meta.severity or _FALLBACK_SEVERITY)),
        properties=rule_properties(meta, category),
    )
