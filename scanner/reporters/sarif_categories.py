"""Which SARIF run (GitHub code-scanning category) each finding and rule belongs to.

GitHub keeps one analysis per category and closes an alert when a later upload of the same
category no longer reports it, so bastion splits its results into one run per category, each with
``automationDetails.id`` ``bastion/<category>/``:

- a finding of a user's policy (``--policy``, native or conftest-style) goes to ``policy``;
- any other finding goes to the format of its resource: ``tf:`` -> ``terraform``, ``k8s:`` ->
  ``kubernetes``, ``docker:`` -> ``dockerfile`` (another prefix names its own category);
- a finding without a resource goes to its rule's first target, else to ``other``.

A rule contributes its categories even when it found nothing (a user's policy: ``policy``; a
built-in rule: its targets), so a clean scan still uploads an empty run for every category it
checked and GitHub closes the alerts that were fixed. A scan that evaluated nothing gets one run,
``bastion/``. GitHub accepts at most 20 runs per file: beyond that, the well-known categories and
then the others in name order keep their own run up to 19, and the rest share the ``other`` run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.findings import Finding, RuleMeta

#: Graph node ID prefix -> category.
RESOURCE_CATEGORIES: dict[str, str] = {"tf": "terraform", "k8s": "kubernetes", "docker": "dockerfile"}
#: Categories that keep their own run first when there are too many.
WELL_KNOWN_CATEGORIES: tuple[str, ...] = ("terraform", "kubernetes", "dockerfile", "policy")
POLICY_CATEGORY = "policy"
OTHER_CATEGORY = "other"
#: GitHub rejects a SARIF file with more runs than this.
MAX_RUNS = 20
#: ``automationDetails.id`` of the single run of a scan that evaluated nothing.
EMPTY_SCAN_AUTOMATION_ID = "bastion/"

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def automation_id(category: str) -> str:
    """``bastion/<category>/``: GitHub takes everything up to the last slash as the category."""
    return f"bastion/{category}/"


def clean_category(name: str) -> str:
    """A category name safe inside an automation ID: lower case, runs of other characters -> ``-``."""
    return _UNSAFE.sub("-", name.strip().lower()).strip("-") or OTHER_CATEGORY


def finding_category(finding: Finding, meta: RuleMeta | None) -> str:
    """The category of one finding (see the module docstring); the rule's metadata, when known,
    decides whether it comes from a user's policy."""
    source = meta.source if meta is not None else finding.source
    if source != "builtin":
        return POLICY_CATEGORY
    if finding.resource and ":" in finding.resource:
        prefix = finding.resource.split(":", 1)[0]
        return RESOURCE_CATEGORIES.get(prefix, clean_category(prefix))
    if meta is not None and meta.targets:
        return clean_category(meta.targets[0])
    return OTHER_CATEGORY


def rule_categories(meta: RuleMeta) -> set[str]:
    """The categories a rule checks, so each gets a run even without findings."""
    if meta.source != "builtin":
        return {POLICY_CATEGORY}
    return {clean_category(target) for target in meta.targets}


def assign_runs(categories: Iterable[str], max_runs: int = MAX_RUNS) -> dict[str, str]:
    """Map each category to the category of the run that holds it, with at most ``max_runs`` runs.

    Up to ``max_runs`` categories each keep their own run. Beyond that, ``max_runs - 1`` keep
    theirs (well-known ones first, then by name) and all others map to ``other``.
    """
    unique = sorted(set(categories))
    if len(unique) <= max_runs:
        return {category: category for category in unique}
    ranked = sorted(
        (category for category in unique if category != OTHER_CATEGORY),
        key=lambda category: (category not in WELL_KNOWN_CATEGORIES, WELL_KNOWN_CATEGORIES.index(category) if category in WELL_KNOWN_CATEGORIES else 0, category),
    )
    kept = set(ranked[: max_runs - 1])
    return {category: category if category in kept else OTHER_CATEGORY for category in unique}


def run_order(category: str) -> tuple[bool, str]:
    """Runs are written in category name order, with ``other`` last."""
    return (category == OTHER_CATEGORY, category)
