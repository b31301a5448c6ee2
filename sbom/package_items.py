"""Package specs (what an install command names) -> ``library`` items with purls.

OS packages take their purl namespace and ``distro`` qualifier from the distribution of the
stage they are installed in (``sbom.distro``), when that distribution's package type is the one
the installer makes (apt on Debian or Ubuntu, apk on Alpine, dnf/yum/microdnf on an RPM
distribution). Without a known distribution an OS package gets no purl (its vendor would be a
guess) and the property ``bastion:package-type`` says what it is.

bom-ref: the purl; without one ``package:<type>/<name>[@version][:arch]``.
"""

from __future__ import annotations

from sbom.distro import Distro
from sbom.inventory import Item, Occurrence
from sbom.package_specs import PackageSpec
from sbom.purls import normalize_pypi_name, npm_purl, os_package_purl, pypi_purl

OS_ECOSYSTEMS = frozenset({"deb", "apk", "rpm"})


def package_item(spec: PackageSpec, distro: Distro | None, occurrence: Occurrence) -> Item:
    """The item for ``spec`` installed on ``distro`` (None when unknown) at ``occurrence``."""
    name, group, purl = spec.name, None, None
    if spec.ecosystem in OS_ECOSYSTEMS:
        if distro is not None and distro.family == spec.ecosystem:
            purl = os_package_purl(spec.ecosystem, distro.vendor, spec.name, spec.version, distro.qualifier, spec.arch)
    elif spec.ecosystem == "pypi":
        name = normalize_pypi_name(spec.name)
        purl = pypi_purl(spec.name, spec.version)
    elif spec.ecosystem == "npm":
        group = f"@{spec.scope}" if spec.scope else None
        purl = npm_purl(spec.scope, spec.name, spec.version)
    properties = {
        ("bastion:pinned", "true" if spec.version else "false"),
        ("bastion:package-manager", spec.manager),
        *spec.details,
    }
    if spec.constraint:
        properties.add(("bastion:version-constraint", spec.constraint))
    if purl is None:
        properties.add(("bastion:package-type", spec.ecosystem))
    return Item(
        ref=purl or _fallback_ref(spec),
        type="library",
        name=name,
        group=group,
        version=spec.version,
        purl=purl,
        properties=properties,
        occurrences={occurrence},
    )


def _fallback_ref(spec: PackageSpec) -> str:
    """``package:<type>/<name>[@version][:arch]`` for a package without a purl."""
    ref = f"package:{spec.ecosystem}/{spec.name}"
    if spec.version:
        ref += f"@{spec.version}"
    if spec.arch:
        ref += f":{spec.arch}"
    return ref
