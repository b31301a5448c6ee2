"""Label selector semantics used for the ``selects`` edges."""

from __future__ import annotations

from scanner.parsers.kubernetes.selectors import matches_label_selector, matches_map_selector

LABELS = {"app": "api", "tier": "backend"}


def test_map_selector_needs_every_pair_and_is_never_empty():
    assert matches_map_selector({"app": "api"}, LABELS)
    assert matches_map_selector({"app": "api", "tier": "backend"}, LABELS)
    assert not matches_map_selector({"app": "api", "tier": "frontend"}, LABELS)
    assert not matches_map_selector({}, LABELS)
    assert not matches_map_selector(None, LABELS)
    assert not matches_map_selector(["app"], LABELS)


def test_label_selector_operators():
    def expr(key, operator, values=None):
        expression = {"key": key, "operator": operator}
        if values is not None:
            expression["values"] = values
        return {"matchExpressions": [expression]}

    assert matches_label_selector(expr("tier", "In", ["backend", "db"]), LABELS)
    assert not matches_label_selector(expr("tier", "In", ["frontend"]), LABELS)
    assert not matches_label_selector(expr("zone", "In", ["a"]), LABELS)
    assert matches_label_selector(expr("tier", "NotIn", ["frontend"]), LABELS)
    assert matches_label_selector(expr("zone", "NotIn", ["a"]), LABELS)
    assert not matches_label_selector(expr("tier", "NotIn", ["backend"]), LABELS)
    assert matches_label_selector(expr("app", "Exists"), LABELS)
    assert not matches_label_selector(expr("zone", "Exists"), LABELS)
    assert matches_label_selector(expr("zone", "DoesNotExist"), LABELS)
    assert not matches_label_selector(expr("app", "DoesNotExist"), LABELS)
    assert not matches_label_selector(expr("app", "Gt", ["1"]), LABELS)
    assert not matches_label_selector(expr("app", "In"), LABELS)


def test_match_labels_and_expressions_are_anded():
    selector = {
        "matchLabels": {"app": "api"},
        "matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend"]}],
    }
    assert not matches_label_selector(selector, LABELS)
    selector["matchExpressions"][0]["values"] = ["backend"]
    assert matches_label_selector(selector, LABELS)


def test_empty_label_selector():
    for empty in (None, {}, {"matchLabels": {}}, {"matchExpressions": []}):
        assert matches_label_selector(empty, LABELS)
        assert not matches_label_selector(empty, LABELS, empty_matches_all=False)
    assert not matches_label_selector("app=api", LABELS)
