"""``bastion sbom``: a CycloneDX SBOM of what the infrastructure is made of (docs/sbom.md).

Pipeline: the scan's graph -> ``sbom.collect.collect_inventory`` (Dockerfile stages, images,
installed packages, Terraform providers and modules, Helm charts, with the file and line of each
occurrence) -> ``sbom.build.build_bom`` (a cyclonedx-python-lib ``Bom``) ->
``sbom.serialize.render_sbom`` (JSON or XML, spec 1.5/1.6/1.7, schema-validated before it is
returned). Modules import cyclonedx-python-lib only when they run, so importing this package is
cheap.
"""

from __future__ import annotations

from sbom.serialize import (
    OUTPUT_FORMATS,
    SPEC_VERSIONS,
    SbomOptions,
    render_sbom,
    sbom_timestamp,
)

__all__ = ["OUTPUT_FORMATS", "SPEC_VERSIONS", "SbomOptions", "render_sbom", "sbom_timestamp"]
