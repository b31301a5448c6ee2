"""The state shared by the Terraform templates while one module directory is generated.

A :class:`TfDir` hands out unique resource names (so no two blocks of a directory collide, as
Terraform itself would reject) and collects outputs that ``outputs.tf`` later exposes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

#: Words that name resources the way people do ("logs", "artifacts", ...).
RESOURCE_WORDS = (
    "main", "app", "api", "web", "logs", "data", "artifacts", "backups", "events", "audit",
    "cache", "reports", "media", "exports", "ingest", "billing", "search", "metrics",
)


@dataclass
class TfDir:
    """One Terraform module directory being generated.

    ``prefix`` and ``tags`` are the expressions every resource uses for its name prefix and tags
    (``local.name_prefix``/``local.common_tags`` in a root module, ``var.name``/``var.tags`` in a
    child module). ``cloud`` is "aws", "azure" or "gcp".
    """

    rng: random.Random
    cloud: str
    prefix: str = "local.name_prefix"
    tags: str = "local.common_tags"
    used: set[tuple[str, str]] = field(default_factory=set)
    outputs: list[tuple[str, str, str]] = field(default_factory=list)

    def unique(self, resource_type: str, word: str | None = None) -> str:
        """A resource name not yet used for ``resource_type`` in this directory."""
        base = word or self.rng.choice(RESOURCE_WORDS)
        name, counter = base, 2
        while (resource_type, name) in self.used:
            name, counter = f"{base}_{counter}", counter + 1
        self.used.add((resource_type, name))
        return name

    def export(self, name: str, expression: str, description: str) -> None:
        """Offer ``expression`` as an output named ``name`` (first come, first kept)."""
        if all(existing != name for existing, _, _ in self.outputs):
            self.outputs.append((name, expression, description))

    def pick(self, *choices: str) -> str:
        """One of ``choices``, chosen by the directory's generator."""
        return self.rng.choice(choices)
