"""Kubernetes label selectors, evaluated against a set of pod labels.

Two shapes exist: the plain map of a Service's ``spec.selector`` (every pair must match) and the
``LabelSelector`` of NetworkPolicies, PodDisruptionBudgets and workloads (``matchLabels`` plus
``matchExpressions`` with the operators In, NotIn, Exists and DoesNotExist, all ANDed). A
selector of the wrong shape, or with an unknown operator, matches nothing: the API server would
have rejected it, and no edge is better than a wrong one.
"""

from __future__ import annotations

from typing import Any


def matches_map_selector(selector: Any, labels: dict[str, Any]) -> bool:
    """True when every ``key: value`` of a non-empty map selector is among ``labels``."""
    if not isinstance(selector, dict) or not selector:
        return False
    return all(key in labels and labels[key] == value for key, value in selector.items())


def _expression_matches(expression: Any, labels: dict[str, Any]) -> bool:
    if not isinstance(expression, dict):
        return False
    key, operator, values = expression.get("key"), expression.get("operator"), expression.get("values")
    if not isinstance(key, str):
        return False
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    if not isinstance(values, list):
        return False
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    return False


def matches_label_selector(selector: Any, labels: dict[str, Any], empty_matches_all: bool = True) -> bool:
    """True when a ``LabelSelector`` selects pods with ``labels``.

    An empty selector (``{}`` or null) selects every pod when ``empty_matches_all`` (a
    NetworkPolicy's ``podSelector``), none otherwise.
    """
    if selector is None or selector == {}:
        return empty_matches_all
    if not isinstance(selector, dict):
        return False
    match_labels = selector.get("matchLabels")
    expressions = selector.get("matchExpressions")
    if not match_labels and not expressions:
        return empty_matches_all
    if match_labels is not None:
        if not isinstance(match_labels, dict):
            return False
        if any(key not in labels or labels[key] != value for key, value in match_labels.items()):
            return False
    if expressions is not None:
        if not isinstance(expressions, list):
            return False
        return all(_expression_matches(expression, labels) for expression in expressions)
    return True
