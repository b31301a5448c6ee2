"""The ledger and the output guards: what is replaced, where, and what is left alone."""

from __future__ import annotations

from secret_fakes import (
    AWS_KEY_ID,
    GITHUB_TOKEN,
    PASSWORD,
    PRIVATE_KEY,
    PRIVATE_KEY_BODY,
)

from scanner.findings import Finding
from scanner.secrets.output import redact_snippets, scrub_findings
from scanner.secrets.redact import Ledger, Redaction, marker, redact_in_place, variants

TOKEN_MARK = "<redacted:github-token>"


def ledger() -> Ledger:
    return Ledger(
        [
            Redaction(GITHUB_TOKEN, TOKEN_MARK),
            Redaction(PASSWORD, marker("generic-secret")),
            Redaction(PRIVATE_KEY, marker("private-key")),
            Redaction("billing", marker("kubernetes-secret-value"), "k8s:core/Secret/default/db", "secret.yaml", 8, 8),
        ]
    )


def test_marker_names_the_type() -> None:
    assert marker("aws-access-key-id") == "<redacted:aws-access-key-id>"


def test_a_global_secret_is_replaced_inside_longer_text() -> None:
    assert ledger().redact(f"Authorization: token {GITHUB_TOKEN}!") == f"Authorization: token {TOKEN_MARK}!"


def test_escaped_and_line_variants_are_redacted() -> None:
    assert '\\"' in variants('a"b')[1]
    escaped = '{"key": "' + PRIVATE_KEY.replace("\n", "\\n") + '"}'
    assert ledger().redact(escaped) == '{"key": "<redacted:private-key>"}'
    assert ledger().redact("    " + PRIVATE_KEY_BODY) == "    <redacted:private-key>"


def test_a_scoped_value_is_replaced_only_as_a_whole_string_of_its_node() -> None:
    book = ledger()
    node = "k8s:core/Secret/default/db"
    assert book.redact("billing", node_id=node) == "<redacted:kubernetes-secret-value>"
    assert book.redact("billing-db", node_id=node) == "billing-db"
    assert book.redact("billing", node_id="k8s:core/ConfigMap/default/other") == "billing"
    assert book.redact("billing") == "billing"


def test_a_scoped_value_is_replaced_inside_its_own_source_lines() -> None:
    book = ledger()
    assert book.redact("  user: billing", path="secret.yaml", line=8) == "  user: <redacted:kubernetes-secret-value>"
    assert book.redact("  name: billing-db", path="secret.yaml", line=4) == "  name: billing-db"


def test_the_start_of_a_secret_at_the_end_of_a_cut_line_is_redacted() -> None:
    book = ledger()
    assert book.redact_cut_tail("token = " + GITHUB_TOKEN[:20]) == "token = " + TOKEN_MARK
    assert book.redact_cut_tail("token = ghp") == "token = ghp"  # too short to tell


def test_redact_in_place_walks_keys_lists_and_nested_objects() -> None:
    data = {"a": [GITHUB_TOKEN, {"b": f"x{PASSWORD}"}], GITHUB_TOKEN: 1, "n": 3}
    assert redact_in_place(data, ledger().redact) == {
        "a": [TOKEN_MARK, {"b": "x<redacted:generic-secret>"}],
        "n": 3,
        TOKEN_MARK: 1,
    }


def test_snippets_lose_ledger_values_and_any_recognised_shape() -> None:
    snippets = {"secret.yaml": {7: "stringData:", 8: "  user: billing", 9: f"  key: {AWS_KEY_ID}"}, "main.tf": {2: f'  token = "{GITHUB_TOKEN}"'}}
    assert redact_snippets(snippets, ledger()) == {
        "secret.yaml": {7: "stringData:", 8: "  user: <redacted:kubernetes-secret-value>", 9: "  key: <redacted:aws-access-key-id>"},
        "main.tf": {2: f'  token = "{TOKEN_MARK}"'},
    }


def test_snippets_cut_in_the_middle_of_a_secret() -> None:
    line = ("x" * 30 + GITHUB_TOKEN)[:40]
    assert redact_snippets({"a.tf": {1: line}}, ledger(), cut_at=40) == {"a.tf": {1: "x" * 30 + TOKEN_MARK}}


def finding(message: str, metadata: dict | None = None) -> Finding:
    return Finding("main.deny", "HIGH", "t", message, "secret.yaml", 8, 8, None, None, "f" * 16, metadata=metadata or {})


def test_findings_lose_secrets_but_keep_names() -> None:
    findings = [
        finding(f"token {GITHUB_TOKEN} in Secret billing-db"),
        finding("clean", {"details": [f"pw={PASSWORD}"], "n": 1}),
        finding(f"key {AWS_KEY_ID} built by a policy"),
    ]
    cleaned = scrub_findings(findings, ledger())
    assert [item.message for item in cleaned] == [
        f"token {TOKEN_MARK} in Secret billing-db",
        "clean",
        "key <redacted:aws-access-key-id> built by a policy",
    ]
    assert cleaned[1].metadata == {"details": ["pw=<redacted:generic-secret>"], "n": 1}
    assert findings[1].metadata == {"details": [f"pw={PASSWORD}"], "n": 1}  # the original is not mutated


def test_without_a_ledger_only_shapes_are_scrubbed() -> None:
    assert scrub_findings([finding(f"{PASSWORD} {GITHUB_TOKEN}")], None)[0].message == f"{PASSWORD} {TOKEN_MARK}"
