"""The format-neutral inventory an SBOM is made from: items, their occurrences and dependencies.

The collectors (``sbom.dockerfiles``, ``sbom.deployments``, ``sbom.terraform``, ``sbom.helm``)
read the graph and fill one :class:`Inventory`; ``sbom.build`` turns it into a CycloneDX ``Bom``.
Keeping this layer free of cyclonedx-python-lib makes the collectors easy to test and gives a
canonical form to derive the serial number from (``Inventory.canonical``).

An item is identified by its ``ref`` (the bom-ref): adding an item whose ref is already known
merges the two (occurrences, properties and dependencies are unions), so "one component per
distinct image reference, all occurrences merged" holds by construction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: bom-ref of the component describing the scanned repository (``metadata.component``).
REPOSITORY_REF = "repository"


@dataclass(frozen=True, order=True)
class Occurrence:
    """Where an item is written: a repository-relative path, a 1-based line and a short context
    ("FROM of stage runtime"); ``line`` is None when unknown."""

    path: str
    line: int | None
    context: str = ""


@dataclass
class Item:
    """One component to be: ``type`` is a CycloneDX component type value ("container", "library",
    "application"); ``purl`` a purl string or None; ``properties`` (name, value) pairs."""

    ref: str
    type: str
    name: str
    group: str | None = None
    version: str | None = None
    purl: str | None = None
    properties: set[tuple[str, str]] = field(default_factory=set)
    occurrences: set[Occurrence] = field(default_factory=set)

    def merge(self, other: Item) -> None:
        """Fold ``other`` (same ref) into this item: occurrences and properties are united; a
        field this item lacks is taken from ``other``."""
        self.occurrences |= other.occurrences
        self.properties |= other.properties
        self.group = self.group or other.group
        self.version = self.version or other.version
        self.purl = self.purl or other.purl

    def canonical(self) -> dict[str, Any]:
        """A JSON-compatible, sorted view of the item (input of the serial number)."""
        return {
            "ref": self.ref,
            "type": self.type,
            "name": self.name,
            "group": self.group,
            "version": self.version,
            "purl": self.purl,
            "properties": sorted(self.properties),
            "occurrences": [[o.path, o.line, o.context] for o in sorted(self.occurrences, key=occurrence_key)],
        }


def occurrence_key(occurrence: Occurrence) -> tuple[str, int, str]:
    """Sort key of occurrences: path, line (unknown first), context."""
    return (occurrence.path, occurrence.line or 0, occurrence.context)


@dataclass
class Inventory:
    """Every item found in one scan, the dependencies between them and the repository's own
    properties (e.g. image references that could not be resolved)."""

    repository_name: str
    items: dict[str, Item] = field(default_factory=dict)
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    repository_properties: set[tuple[str, str]] = field(default_factory=set)

    def add(self, item: Item) -> Item:
        """Add ``item``, merging it into a known item with the same ref; return the stored item."""
        known = self.items.get(item.ref)
        if known is None:
            self.items[item.ref] = item
            return item
        known.merge(item)
        return known

    def depend(self, source: str, *targets: str) -> None:
        """Record that ``source`` depends on each of ``targets`` (self-dependencies are dropped)."""
        self.dependencies.setdefault(source, set()).update(t for t in targets if t != source)

    def note(self, name: str, value: str) -> None:
        """Attach a property to the repository component."""
        self.repository_properties.add((name, value))

    def reachable_from(self, start: str, seen: set[str] | None = None) -> set[str]:
        """Refs reachable from ``start`` through the dependencies (``start`` included), added to
        ``seen`` when given."""
        seen = set() if seen is None else seen
        seen.add(start)
        stack = [start]
        while stack:
            for target in self.dependencies.get(stack.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def attach_orphans(self) -> None:
        """Make the repository depend on every item no dependency path reaches yet, in ref order,
        so the dependency graph is complete (each attached item brings its own closure along)."""
        reachable = self.reachable_from(REPOSITORY_REF)
        for ref in sorted(self.items):
            if ref not in reachable:
                self.depend(REPOSITORY_REF, ref)
                self.reachable_from(ref, reachable)

    def canonical(self) -> str:
        """A canonical JSON text of the items, dependencies and repository properties: equal for
        equal inventories, whatever the insertion order (input of the serial number)."""
        return json.dumps(
            {
                "repository": self.repository_name,
                "repository_properties": sorted(self.repository_properties),
                "items": [self.items[ref].canonical() for ref in sorted(self.items)],
                "dependencies": {ref: sorted(targets) for ref, targets in sorted(self.dependencies.items())},
            },
            sort_keys=True,
            separators=(",", ":"),
        )
