"""The shape detectors, the generic detector and its three filters, one behaviour per test."""

from __future__ import annotations

import pytest
from secret_fakes import (
    AWS_KEY_ID,
    AWS_SECRET,
    GITHUB_PAT,
    GITHUB_TOKEN,
    GITLAB_TOKEN,
    GOOGLE_KEY,
    PASSWORD,
    PRIVATE_KEY,
    SLACK_TOKEN,
    SLACK_WEBHOOK,
    STRIPE_KEY,
)

from scanner.secrets.detect import detect_argv, detect_text, detect_value
from scanner.secrets.entropy import character_classes, looks_random, shannon_entropy
from scanner.secrets.names import is_aws_secret_name, is_secret_name
from scanner.secrets.patterns import Detection, find_patterns
from scanner.secrets.values import (
    is_generic_secret_value,
    is_known_non_secret,
    is_placeholder,
    is_reference,
)


def kinds(detections: list[Detection]) -> list[tuple[str, str]]:
    return [(item.type, item.secret) for item in detections]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (AWS_KEY_ID, "aws-access-key-id"),
        ("ASIA" + "QWERTYUIOPASDFG7", "aws-access-key-id"),
        (GITHUB_TOKEN, "github-token"),
        (GITHUB_PAT, "github-token"),
        (GITLAB_TOKEN, "gitlab-token"),
        (SLACK_TOKEN, "slack-token"),
        (SLACK_WEBHOOK, "slack-webhook-url"),
        (STRIPE_KEY, "stripe-secret-key"),
        (GOOGLE_KEY, "google-api-key"),
    ],
)
def test_each_token_shape_is_found_inside_text(value: str, kind: str) -> None:
    assert kinds(find_patterns(f"config: {value} # deployed")) == [(kind, value)]


def test_a_private_key_block_is_found_whole() -> None:
    assert kinds(find_patterns(f"key = <<EOT\n{PRIVATE_KEY}\nEOT")) == [("private-key", PRIVATE_KEY)]


def test_a_private_key_header_without_a_body_is_ignored() -> None:
    assert find_patterns("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----") == []


@pytest.mark.parametrize(
    "text",
    [
        "AIDA" + "QWERTYUIOPASDFG7",  # an IAM user's unique ID names it, it does not authenticate
        "AROA" + "QWERTYUIOPASDFG7",
        "sk" + "_test_" + "aBcD1234" * 3,  # Stripe test mode
        "gh" + "p_" + "x" * 36,  # one repeated character: a placeholder
        "https://hooks.slack.com/services/" + "TXXXXXXXX/BXXXXXXXX/" + "X" * 24,
        "git commit 9fceb02d0ae598e95dc970b74767f19372d61af8 " * 2,  # hex SHA: no upper case
    ],
)
def test_deliberately_ignored_shapes(text: str) -> None:
    assert find_patterns(text) == []


def test_url_credentials_redact_the_user_info_only() -> None:
    found = find_patterns("postgres://orders:Tr7mK2pX9vQ4@db.internal:5432/orders")
    assert kinds(found) == [("url-credentials", "orders:Tr7mK2pX9vQ4")]


@pytest.mark.parametrize(
    "url",
    ["https://user:${PASSWORD}@host/x", "https://user:$PASSWORD@host/x", "https://user:changeme@host/x", "https://user:<password>@host"],
)
def test_url_credentials_with_a_placeholder_or_variable_are_ignored(url: str) -> None:
    assert find_patterns(url) == []


def test_authorization_header_credential() -> None:
    found = find_patterns('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc" https://x')
    assert kinds(found) == [("authorization-header", "eyJhbGciOiJIUzI1NiJ9.abc")]


def test_aws_secret_key_needs_context() -> None:
    assert find_patterns(f"value {AWS_SECRET} here") == []
    assert kinds(find_patterns(f"aws_secret_access_key = {AWS_SECRET}")) == [("aws-secret-access-key", AWS_SECRET)]
    assert kinds(find_patterns(f"{AWS_KEY_ID} {AWS_SECRET}")) == [
        ("aws-access-key-id", AWS_KEY_ID),
        ("aws-secret-access-key", AWS_SECRET),
    ]


@pytest.mark.parametrize(
    "name",
    ["password", "DB_PASSWORD", "dbPassword", "master_password", "api_key", "apiKey", "X-API-Key", "client_secret",
     "GITHUB_TOKEN", "private_key", "AccessKey", "credentials", "PGPASSWORD", "deploy-key", "--auth-token", "db_pass"],
)
def test_secret_looking_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["secret_name", "password_length", "token_url", "kms_key_id", "PASSWORD_FILE", "tokenPath", "SECRET_ARN",
     "username", "key", "primary_key_id", "description", "secret_version", "manage_master_user_password_enabled"],
)
def test_names_that_only_point_at_a_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_aws_secret_names() -> None:
    assert is_aws_secret_name("AWS_SECRET_ACCESS_KEY") and is_aws_secret_name("secret_key")
    assert not is_aws_secret_name("access_key")


def test_entropy_measures() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == 2.0
    assert character_classes("aB3$") == 4
    assert looks_random(PASSWORD)
    assert not looks_random("abcdefghijkl")  # one character class
    assert not looks_random("aB3$aB3$")  # too short


@pytest.mark.parametrize("value", ["changeme", "<your-token>", "xxxxxxxxxxxx", "EXAMPLE-KEY-123", "my-test-password-1", "REPLACE_ME"])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    ["${var.db_password}", "{{ .Values.password }}", "$(cat /run/secrets/x)", "$DB_PASSWORD", "ENC[AES256_GCM,data:abc]",
     "arn:aws:secretsmanager:eu-west-1:1:secret:x", "@Microsoft.KeyVault(SecretUri=https://v/s)", "vault:secret/data/db#pw"],
)
def test_references(value: str) -> None:
    assert is_reference(value)


@pytest.mark.parametrize(
    "value",
    ["/run/secrets/db_password", "https://vault.example.com/v1/secret", "0f8fad5b-d9cb-469f-a165-70867728950e",
     "ops@example.com", "10.0.0.0/16", "v1.24.3", "2024-05-01T10:00:00Z", "prod-db-credentials", "admin-password-2024",
     "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
)
def test_known_non_secrets(value: str) -> None:
    assert is_known_non_secret(value)


def test_url_with_credentials_is_not_a_known_non_secret() -> None:
    assert not is_known_non_secret("https://u:Tr7mK2pX9vQ4@host")


def test_generic_value_rules() -> None:
    assert is_generic_secret_value(PASSWORD)
    assert not is_generic_secret_value("correct horse battery staple")  # whitespace
    assert not is_generic_secret_value("hunter2")  # short, low entropy


def test_detect_value_generic_needs_a_secret_name() -> None:
    assert kinds(detect_value("DB_PASSWORD", PASSWORD)) == [("generic-secret", PASSWORD)]
    assert detect_value("DB_HOST", PASSWORD) == []
    assert detect_value("DB_PASSWORD", "var.db_password") == []


def test_detect_value_prefers_the_aws_shape_for_aws_secret_names() -> None:
    assert [d.type for d in detect_value("secret_key", AWS_SECRET)] == ["aws-secret-access-key"]


def test_detect_value_describes_without_the_value() -> None:
    (detection,) = detect_value("DB_PASSWORD", PASSWORD)
    assert detection.description == "secret-looking value of 'DB_PASSWORD'"
    assert PASSWORD not in detection.description


def test_detect_text_reads_assignments_in_scripts() -> None:
    script = f"#!/bin/sh\nexport DB_PASSWORD='{PASSWORD}'\nTOKEN=$(cat /x)\nexport LOG_LEVEL=debug\n"
    assert kinds(detect_text(script)) == [("generic-secret", PASSWORD)]


def test_detect_text_reads_json_and_properties() -> None:
    assert kinds(detect_text('{"client_secret": "Qm7vX2kP9zT4wR6n"}')) == [("generic-secret", "Qm7vX2kP9zT4wR6n")]
    assert kinds(detect_text("spring.datasource.password=Qm7vX2kP9zT4wR6n\n")) == [("generic-secret", "Qm7vX2kP9zT4wR6n")]


def test_detect_argv_flags_assignments_and_basic_auth() -> None:
    argv = ["curl", "-u", "ops:Yt4pL9vQ2xK7", "--api-key", "Zk3vR8mQ2xW7pT5n", "--token=Wm3kT8pQ1zX6vB9n", "https://x"]
    assert kinds(detect_argv(argv)) == [
        ("basic-auth-credentials", "ops:Yt4pL9vQ2xK7"),
        ("generic-secret", "Zk3vR8mQ2xW7pT5n"),  # --api-key
        ("generic-secret", "Wm3kT8pQ1zX6vB9n"),  # --token=
    ]


def test_detect_argv_ignores_variables_and_non_curl_user_flags() -> None:
    assert detect_argv(["curl", "-u", "ops:$PASSWORD", "--token", "$TOKEN"]) == []
    assert detect_argv(["useradd", "-u", "1000:1000", "app"]) == []


def test_detectors_never_raise_on_odd_input() -> None:
    assert detect_value("password", None) == [] and detect_text(42) == [] and detect_argv([None, 3, "x"]) == []
