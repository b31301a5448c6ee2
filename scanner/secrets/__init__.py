"""Secrets in infrastructure code: detect them, point rules at them, and never print them.

- :func:`protect_graph` (called once by the graph builder) finds hard-coded secrets in every
  node, records where each is written in ``attrs.__secrets`` and replaces every copy of the
  value by ``<redacted:TYPE>`` in the graph and the conftest documents.
- :func:`redact_snippets` and :func:`scrub_findings` (called by the scan) take them out of the
  source lines and the messages the reports show.

Detectors and what they deliberately ignore: docs/secrets.md. Modules: ``patterns`` (shapes),
``entropy``, ``names`` and ``values`` (the generic detector), ``detect`` (named values, text,
command lines), ``sources`` (where each format keeps values), ``origins`` (where a value is
written), ``annotate`` (the graph step), ``redact`` and ``output`` (redaction).
"""

from __future__ import annotations

from scanner.secrets.annotate import SECRETS_KEY, protect_graph
from scanner.secrets.output import redact_snippets, scrub_findings

__all__ = ["SECRETS_KEY", "protect_graph", "redact_snippets", "scrub_findings"]
