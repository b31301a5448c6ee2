"""docker-compose documents -> one ``compose.service`` node per service.

Contract (docs/graph/buildconfig.md): id ``compose:<path>#<service>``; ``attrs`` hold every key of
the service as written, with these normalized: ``image`` (string or null), ``image_ref`` (the
reference split, see ``images.py``), ``build`` (null, or ``{context, dockerfile, args, target}``
with paths resolved relative to the scan root, see ``build_paths.py``), ``user``, ``privileged``,
``environment`` (a mapping, also when written as a ``KEY=VALUE`` list), ``ports`` and ``volumes``
(lists). ``attr_lines`` holds the line of every key written under the service.
"""

from __future__ import annotations

from typing import Any

from scanner.model import Node
from scanner.parsers.buildconfig.build_paths import resolve_build_paths
from scanner.parsers.buildconfig.images import image_reference
from scanner.parsers.buildconfig.loading import YamlDocument, child_path, end_line, lines_below, node_at
from scanner.parsers.buildconfig.shapes import (
    key_value_pairs,
    optional_list,
    optional_mapping,
    optional_string,
    problem_at,
    wrong_type,
)
from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type

FORMAT = "buildconfig"
KIND = "compose.service"
NO_SERVICES = "docker-compose file has no 'services' mapping"


def compose_nodes(path: str, document: YamlDocument) -> tuple[list[Node], list[ManifestProblem]]:
    """The service nodes of one docker-compose document and the problems found.

    A document that is not a mapping, or has no ``services`` (and no ``include`` of other files),
    is one problem and no node; a malformed service is a problem and the other services are still
    nodes. ``services:`` left empty gives no node and no problem.
    """
    value = document.value
    if not isinstance(value, dict):
        message = f"docker-compose file must be a mapping, found {describe_type(value)}"
        return [], [problem_at(document, "", message)]
    if "services" not in value:
        return [], [] if "include" in value else [problem_at(document, "", NO_SERVICES)]
    try:
        services = optional_mapping(document, "services", value["services"])
    except ManifestProblem as problem:
        return [], [problem]
    nodes: list[Node] = []
    problems: list[ManifestProblem] = []
    for name, service in services.items():
        try:
            nodes.append(_service_node(path, document, name, service, problems))
        except ManifestProblem as problem:
            problems.append(problem)
    return nodes, problems


def _service_node(
    path: str, document: YamlDocument, name: str, service: Any, problems: list[ManifestProblem]
) -> Node:
    """The node of service ``name``; raises ManifestProblem when its shape is wrong. An invalid
    image reference is added to ``problems`` and the node kept (its ``image_ref`` parts null)."""
    prefix = child_path("services", name)
    if not isinstance(service, dict):
        raise wrong_type(document, prefix, "a mapping", service)
    lines = lines_below(document.lines, prefix)
    unknown: list[str] = []
    attrs: dict[str, Any] = dict(service)

    image = optional_string(document, f"{prefix}.image", service.get("image"))
    attrs["image"] = image
    attrs["image_ref"] = None
    if image is not None:
        ref, unknown_parts, error = image_reference(image, interpolate=True)
        if error is not None:
            problems.append(problem_at(document, f"{prefix}.image", error))
        attrs["image_ref"] = ref
        unknown += [f"image_ref.{part}" for part in unknown_parts]

    attrs["build"] = _build(path, document, prefix, service.get("build"), lines, unknown)
    attrs["user"] = service.get("user")
    attrs["privileged"] = service.get("privileged")
    environment, environment_lines = key_value_pairs(document, f"{prefix}.environment", service.get("environment"))
    attrs["environment"] = environment
    lines.update({child_path("environment", key): line for key, line in environment_lines.items()})
    attrs["ports"] = optional_list(document, f"{prefix}.ports", service.get("ports"))
    attrs["volumes"] = optional_list(document, f"{prefix}.volumes", service.get("volumes"))

    start = document.lines.get(prefix, document.start_line)
    return Node(
        id=f"compose:{path}#{name}",
        format=FORMAT,
        kind=KIND,
        name=name,
        path=path,
        start_line=start,
        end_line=end_line(document, node_at(document.root, "services", name), start),
        attrs=attrs,
        attr_lines=lines,
        unknown=sorted(unknown),
    )


def _build(
    path: str, document: YamlDocument, prefix: str, build: Any, lines: dict[str, int], unknown: list[str]
) -> dict[str, Any] | None:
    """The normalized ``build`` of a service (None without one); adds lines and unknown paths."""
    if build is None:
        return None
    build_path = f"{prefix}.build"
    if isinstance(build, str):
        build = {"context": build}
        lines["build.context"] = document.lines.get(build_path, document.start_line)
    elif not isinstance(build, dict):
        raise wrong_type(document, build_path, "a string or a mapping", build)
    context = optional_string(document, f"{build_path}.context", build.get("context"))
    dockerfile = optional_string(document, f"{build_path}.dockerfile", build.get("dockerfile"))
    inline = build.get("dockerfile_inline") is not None
    args, args_lines = key_value_pairs(document, f"{build_path}.args", build.get("args"))
    lines.update({child_path("build.args", key): line for key, line in args_lines.items()})
    resolved = resolve_build_paths(path, context, dockerfile, interpolated=True)
    unknown += [f"build.{key}" for key in resolved.unknown if not (inline and key == "dockerfile")]
    return {
        **build,
        "context": resolved.context,
        "dockerfile": None if inline else resolved.dockerfile,
        "args": args,
        "target": optional_string(document, f"{build_path}.target", build.get("target")),
    }
