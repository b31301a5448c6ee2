"""Terraform providers and remote modules -> ``library`` items the repository depends on.

**Providers** come from ``terraform.required_provider`` nodes (``required_providers`` of a root
module and of the local modules it calls) and ``terraform.locked_provider`` nodes (the root's
``.terraform.lock.hcl``), docs/graph/terraform.md. Within one root module they merge per source
address (``hashicorp/aws`` is ``registry.terraform.io/hashicorp/aws``): the version is the locked
one, every ``version`` constraint written and the lock's ``constraints`` become
``bastion:terraform:constraint`` properties, each lock hash a ``bastion:terraform:hash``. Roots
that lock the same provider at the same version share one item (occurrences merged); a provider
without a lock entry has no version and ``bastion:pinned=false``. Item: ``group``
``registry.terraform.io/hashicorp``, ``name`` ``aws``, bom-ref
``terraform-provider:<source>[@version]``, no purl (the purl spec has no terraform type yet).

**Modules**: ``terraform.module`` nodes with a remote source (local paths are not items):

- registry ``[host/]namespace/name/provider[//subdir]``: ``group`` the host (default
  ``registry.terraform.io``), ``name`` ``namespace/name/provider``, ``version`` the ``version``
  argument when it is one exact version (else a constraint property); no purl;
- git (``git::<url>``, ``github.com/org/repo``, ``git@host:org/repo.git``, ``bitbucket.org/...``):
  ``version`` the ``ref`` query argument, pinned only when it is a full commit hash; purl
  ``pkg:github/...`` for GitHub, else ``pkg:generic/<repo>?vcs_url=git+<url>@<ref>``;
- any other remote source (http archives, ``s3::``, ``gcs::``, ``hg::``): ``name`` the source
  without query, no version, no purl.

bom-ref ``terraform-module:<source without ref>[@version]``; ``bastion:terraform:source`` keeps the
source as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from sbom.inventory import REPOSITORY_REF, Inventory, Item, Occurrence
from sbom.purls import generic_vcs_purl, github_purl
from scanner.model import Graph, Node

DEFAULT_REGISTRY = "registry.terraform.io"
_EXACT_VERSION = re.compile(r"^=?\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$")
_REGISTRY_SOURCE = re.compile(
    r"^(?:(?P<host>[A-Za-z0-9.-]+\.[A-Za-z0-9-]+(?::\d+)?)/)?(?P<address>[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9]+)(?://(?P<subdir>.*))?$"
)
_COMMIT = re.compile(r"^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$")


@dataclass
class _Provider:
    """What one root module says about one provider."""

    source: str
    version: str | None = None
    constraints: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    occurrences: set[Occurrence] = field(default_factory=set)


def root_of(node: Node) -> str:
    """The root module directory of a Terraform node, from its id (``tf:<root>:<address>``, or
    ``tf:<address>`` for the scan root, which is ``.``)."""
    body = node.id.removeprefix("tf:")
    if body == node.name or body.startswith(node.name + "@"):
        return "."
    marker = ":" + node.name
    return body.split(marker, 1)[0] if marker in body else "."


def provider_source(source: str) -> str:
    """A provider source address made full: ``aws`` and ``hashicorp/aws`` are
    ``registry.terraform.io/hashicorp/aws``; lower case."""
    parts = source.strip().lower().split("/")
    if len(parts) == 1:
        parts = [DEFAULT_REGISTRY, "hashicorp", *parts]
    elif len(parts) == 2:
        parts = [DEFAULT_REGISTRY, *parts]
    return "/".join(parts)


def collect_terraform(graph: Graph, inventory: Inventory) -> None:
    """Add the providers and remote modules of ``graph`` to ``inventory``."""
    providers: dict[tuple[str, str], _Provider] = {}
    for node in graph.nodes:
        if node.kind == "terraform.required_provider":
            source = node.attrs.get("source")
            local_name = node.name.rsplit(".", 1)[-1]
            if source is not None and not (isinstance(source, str) and source):
                continue
            address = provider_source(source or local_name)
            entry = providers.setdefault((root_of(node), address), _Provider(address))
            if isinstance(node.attrs.get("version"), str):
                entry.constraints.add(node.attrs["version"])
            entry.occurrences.add(Occurrence(node.path, node.start_line, f"required_providers {local_name}"))
        elif node.kind == "terraform.locked_provider" and isinstance(node.attrs.get("source"), str):
            address = provider_source(node.attrs["source"])
            entry = providers.setdefault((root_of(node), address), _Provider(address))
            entry.version = node.attrs.get("version") if isinstance(node.attrs.get("version"), str) else None
            if isinstance(node.attrs.get("constraints"), str):
                entry.constraints.add(node.attrs["constraints"])
            entry.hashes.update(h for h in node.attrs.get("hashes") or [] if isinstance(h, str))
            entry.occurrences.add(Occurrence(node.path, node.start_line, "dependency lock file"))
        elif node.kind == "terraform.module":
            _add_module(node, inventory)
    for _, entry in sorted(providers.items()):
        item = inventory.add(_provider_item(entry))
        inventory.depend(REPOSITORY_REF, item.ref)


def _provider_item(entry: _Provider) -> Item:
    """The item of one provider as one root module uses it."""
    group, _, name = entry.source.rpartition("/")
    properties = {
        ("bastion:terraform:source", entry.source),
        ("bastion:pinned", "true" if entry.version else "false"),
        *(("bastion:terraform:constraint", constraint) for constraint in entry.constraints),
        *(("bastion:terraform:hash", value) for value in entry.hashes),
    }
    ref = f"terraform-provider:{entry.source}" + (f"@{entry.version}" if entry.version else "")
    return Item(ref=ref, type="library", name=name, group=group, version=entry.version, properties=properties, occurrences=set(entry.occurrences))


def _add_module(node: Node, inventory: Inventory) -> None:
    """A remote module call -> its item, which the repository depends on."""
    source = node.attrs.get("source")
    if not isinstance(source, str) or node.attrs.get("__source_kind") == "local" or source.startswith(("./", "../")):
        return
    version = node.attrs.get("version") if isinstance(node.attrs.get("version"), str) else None
    occurrence = Occurrence(node.path, node.attr_lines.get("source", node.start_line), node.name)
    item = module_item(source, version, occurrence)
    if item is not None:
        inventory.add(item)
        inventory.depend(REPOSITORY_REF, item.ref)


def module_item(source: str, version: str | None, occurrence: Occurrence) -> Item | None:
    """The item of a module called with ``source`` and ``version`` (None for a local path)."""
    if source.startswith(("./", "../", "/")):
        return None
    properties = {("bastion:terraform:source", source)}
    registry = _REGISTRY_SOURCE.match(source)
    if registry and not source.startswith(("github.com/", "bitbucket.org/")):
        host = (registry.group("host") or DEFAULT_REGISTRY).lower()
        address = registry.group("address").lower()
        exact = _EXACT_VERSION.match(version.strip()) if version else None
        if version and not exact:
            properties.add(("bastion:terraform:constraint", version))
        if registry.group("subdir"):
            properties.add(("bastion:terraform:subdir", registry.group("subdir")))
        properties.add(("bastion:pinned", "true" if exact else "false"))
        pinned_version = exact.group(1) if exact else None
        subdir = f"//{registry.group('subdir')}" if registry.group("subdir") else ""
        ref = f"terraform-module:{host}/{address}{subdir}" + (f"@{pinned_version}" if pinned_version else "")
        return Item(ref=ref, type="library", name=address, group=host, version=pinned_version, properties=properties, occurrences={occurrence})
    git = git_source(source)
    if git is not None:
        return _git_module_item(git, properties, occurrence)
    location, _, _ = source.partition("?")
    properties.add(("bastion:pinned", "false"))
    return Item(ref=f"terraform-module:{location}", type="library", name=location, properties=properties, occurrences={occurrence})


@dataclass(frozen=True)
class GitSource:
    """A git module source: ``url`` the repository URL to clone (``https://host/org/repo.git``,
    ``ssh://git@host/org/repo.git``), ``host`` and ``path`` (``org/repo``, without ``.git``),
    ``ref`` and ``subdir`` when given."""

    url: str
    host: str
    path: str
    ref: str | None
    subdir: str | None


def git_source(source: str) -> GitSource | None:
    """Parse a git module source (see the module doc), or None when ``source`` is not git."""
    text = source
    if text.startswith("git::"):
        text = text[len("git::") :]
    elif not text.startswith(("github.com/", "bitbucket.org/", "git@")):
        return None
    text, _, query = text.partition("?")
    params = dict(parse_qsl(query))
    scheme_end = text.find("://")
    start = scheme_end + 3 if scheme_end >= 0 else 0
    subdir_at = text.find("//", start)
    subdir = text[subdir_at + 2 :] if subdir_at >= 0 else None
    location = text[:subdir_at] if subdir_at >= 0 else text
    if location.startswith("git@"):
        host, _, path = location[len("git@") :].partition(":")
        url = f"ssh://git@{host}/{path}"
    elif scheme_end >= 0:
        url = location
        netloc, _, path = location[start:].partition("/")
        host = netloc.rsplit("@", 1)[-1]
    else:
        host, _, path = location.partition("/")
        url = f"https://{location}"
    path = path.removesuffix(".git").strip("/")
    if not host or not path:
        return None
    return GitSource(url=url, host=host.lower(), path=path, ref=params.get("ref") or None, subdir=subdir or None)


def _git_module_item(git: GitSource, properties: set[tuple[str, str]], occurrence: Occurrence) -> Item:
    """The item of a module from a git repository."""
    owner, _, repository = git.path.rpartition("/")
    if git.host == "github.com" and owner and "/" not in owner:
        purl = github_purl(owner, repository, git.ref, git.subdir)
    else:
        purl = generic_vcs_purl(repository, git.ref, "git+" + git.url, git.subdir)
    properties.add(("bastion:pinned", "true" if git.ref and _COMMIT.match(git.ref) else "false"))
    if git.subdir:
        properties.add(("bastion:terraform:subdir", git.subdir))
    ref = f"terraform-module:git::{git.url}" + (f"//{git.subdir}" if git.subdir else "") + (f"@{git.ref}" if git.ref else "")
    group = f"{git.host}/{owner}" if owner else git.host
    return Item(ref=ref, type="library", name=repository, group=group, version=git.ref, purl=purl, properties=properties, occurrences={occurrence})
