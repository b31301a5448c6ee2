"""Inventory -> a cyclonedx-python-lib ``Bom`` for one spec version.

- ``metadata.component`` is the repository (``application``, bom-ref ``repository``, named after
  the scan root's directory or ``--name``), carrying the repository properties;
  ``metadata.tools`` names bastion and its version; ``metadata.timestamp`` is the one given.
- Each item is a component. Its occurrences become ``evidence.occurrences`` with ``location``,
  ``line`` and ``additionalContext``. CycloneDX 1.5 has no ``line`` (nor ``additionalContext``):
  there each file is one occurrence (its ``location``) and each occurrence is also kept as a
  property ``bastion:occurrence`` = ``<path>:<line>``, so no information is silently lost.
- ``dependencies`` lists every component (and the repository) with what it depends on.
- The serial number is a UUID5 over the inventory's canonical form (:func:`serial_number`): the
  same content always gets the same serial, whatever the output format or spec version.

cyclonedx-python-lib keeps components, properties, dependencies and occurrences in sorted sets
(occurrences share one empty bom-ref so that they sort by location and line), so the output is
deterministic.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cyclonedx.model import Property
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.component_evidence import ComponentEvidence
from cyclonedx.model.component_evidence import Occurrence as CdxOccurrence
from cyclonedx.model.dependency import Dependency
from cyclonedx.model.tool import ToolRepository
from cyclonedx.schema import SchemaVersion
from packageurl import PackageURL

from sbom.inventory import REPOSITORY_REF, Inventory, Item, occurrence_key
from scanner import __version__

#: Namespace of the content-derived serial numbers.
SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "bastion:sbom")
TOOL_REF = "tool:bastion"
#: The one empty bom-ref all occurrences share. cyclonedx-python-lib orders occurrences by their
#: bom-ref first, and distinct empty bom-refs compare as neither equal nor ordered and hash by
#: object id, which would make the order change from run to run; a shared one makes the order
#: location, line, context.
_SHARED_EMPTY_REF = BomRef()


def serial_number(inventory: Inventory) -> uuid.UUID:
    """The BOM serial number: a UUID5 over the inventory's canonical JSON."""
    return uuid.uuid5(SERIAL_NAMESPACE, inventory.canonical())


def build_bom(inventory: Inventory, spec_version: SchemaVersion, timestamp: datetime) -> Bom:
    """The ``Bom`` of ``inventory`` as it will be written under ``spec_version``."""
    lines_in_occurrences = spec_version >= SchemaVersion.V1_6
    components = {ref: to_component(item, lines_in_occurrences) for ref, item in inventory.items.items()}
    repository = Component(
        name=inventory.repository_name,
        type=ComponentType.APPLICATION,
        bom_ref=REPOSITORY_REF,
        properties=[Property(name=name, value=value) for name, value in sorted(inventory.repository_properties)],
    )
    tool = Component(name="bastion", type=ComponentType.APPLICATION, version=__version__, bom_ref=TOOL_REF)
    bom = Bom(
        serial_number=serial_number(inventory),
        metadata=BomMetaData(component=repository, timestamp=timestamp, tools=ToolRepository(components=[tool])),
        components=components.values(),
    )
    refs = {REPOSITORY_REF: repository.bom_ref, **{ref: component.bom_ref for ref, component in components.items()}}
    dependencies = []
    for ref in sorted(refs):
        targets = sorted(target for target in inventory.dependencies.get(ref, ()) if target in refs)
        dependencies.append(Dependency(ref=refs[ref], dependencies=[Dependency(ref=refs[target]) for target in targets]))
    bom.dependencies = dependencies
    return bom


def to_component(item: Item, lines_in_occurrences: bool) -> Component:
    """The component of one item; with ``lines_in_occurrences`` False (spec 1.5) the occurrences
    are repeated as ``bastion:occurrence`` properties."""
    occurrences = sorted(item.occurrences, key=occurrence_key)
    properties = set(item.properties)
    if not lines_in_occurrences:
        properties |= {("bastion:occurrence", f"{o.path}:{o.line}" if o.line else o.path) for o in occurrences}
    if lines_in_occurrences:
        cdx_occurrences = [
            CdxOccurrence(bom_ref=_SHARED_EMPTY_REF, location=o.path, line=o.line, additional_context=o.context or None)
            for o in occurrences
        ]
    else:
        cdx_occurrences = [
            CdxOccurrence(bom_ref=_SHARED_EMPTY_REF, location=path) for path in sorted({o.path for o in occurrences})
        ]
    evidence = ComponentEvidence(occurrences=cdx_occurrences) if cdx_occurrences else None
    return Component(
        name=item.name,
        type=ComponentType(item.type),
        bom_ref=BomRef(item.ref),
        group=item.group,
        version=item.version,
        purl=PackageURL.from_string(item.purl) if item.purl else None,
        properties=[Property(name=name, value=value) for name, value in sorted(properties)],
        evidence=evidence,
    )
