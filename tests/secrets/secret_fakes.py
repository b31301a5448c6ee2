"""Fake but well-formed secrets for the tests, assembled at run time.

Tokens are built from pieces so that the test sources themselves hold no string a secret scanner
(ours, GitHub's push protection) would take for a live credential. ``AKIAIOSFODNN7EXAMPLE`` and
its secret key are AWS's own documented examples.
"""

from __future__ import annotations

AWS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
GITHUB_TOKEN = "gh" + "p_" + "aBcD1234" * 4 + "aBcD"
GITHUB_PAT = "github" + "_pat_" + ("aBcD1234" * 11)[:82]
GITLAB_TOKEN = "gl" + "pat-" + "aBcD1234aBcD1234aBcD"
SLACK_TOKEN = "xo" + "xb-" + "123456789012-" + "aBcD1234aBcD1234aBcD"
SLACK_WEBHOOK = "https://hooks.slack.com/" + "services/TABCD1234/BABCD1234/" + "abcd1234" * 3
STRIPE_KEY = "sk" + "_live_" + "aBcD1234" * 3
GOOGLE_KEY = "AI" + "za" + "SyaBcD1234aBcD1234aBcD1234aBcD1234a"
PRIVATE_KEY_BODY = "MIIEowIBAAKCAQEA" + "aBcD1234eFgH5678" * 4
PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----\n" + PRIVATE_KEY_BODY + "\n" + "aBcD1234eFgH5678" * 3 + "\n-----END RSA PRIVATE KEY-----"
PASSWORD = "Zx8#qL2!vR9@mT4$"
URL_PASSWORD = "Tr7mK2pX9vQ4"

#: Every value above: none may appear in any output of a scan.
ALL = (
    AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, GITHUB_PAT, GITLAB_TOKEN, SLACK_TOKEN, SLACK_WEBHOOK, STRIPE_KEY,
    GOOGLE_KEY, PRIVATE_KEY_BODY, PASSWORD, URL_PASSWORD,
)
