"""skaffold.yaml documents -> one ``skaffold.artifact`` node per ``build.artifacts[]`` entry.

Contract (docs/graph/buildconfig.md): the artifacts of ``build`` and of every ``profiles[].build``
become nodes with id ``skaffold:<path>#<image>`` (``skaffold:<path>#<image>[profile=<name>]`` for a
profile's). ``attrs`` hold the artifact as written plus the normalized ``image``, ``image_ref``,
``context`` and ``dockerfile`` (resolved relative to the scan root; the Dockerfile defaults to
``Dockerfile`` in the context), ``target``, ``args`` (the builder's ``buildArgs``), ``builder``
(``docker`` unless another builder key is written), ``profile`` and ``config`` (``metadata.name``).
Builders that use no Dockerfile (jib, bazel, buildpacks, ko, custom) get ``dockerfile`` null.
Profile ``patches`` and ``activation`` are not applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.model import Node
from scanner.parsers.buildconfig.build_paths import resolve_build_paths
from scanner.parsers.buildconfig.images import image_reference
from scanner.parsers.buildconfig.loading import YamlDocument, child_path, end_line, lines_below, node_at
from scanner.parsers.buildconfig.shapes import (
    missing_key,
    optional_list,
    optional_mapping,
    optional_string,
    problem_at,
    wrong_type,
)
from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type

FORMAT = "buildconfig"
KIND = "skaffold.artifact"
#: Builders that build from a Dockerfile (their settings hold ``dockerfile``, ``target``, ``buildArgs``).
DOCKERFILE_BUILDERS = ("docker", "kaniko")
#: Builders that take no Dockerfile.
OTHER_BUILDERS = ("jib", "bazel", "buildpacks", "ko", "custom")
NOT_SKAFFOLD = "skaffold file has no 'apiVersion: skaffold/<version>', so it is not a skaffold Config"


def skaffold_nodes(path: str, document: YamlDocument) -> tuple[list[Node], list[ManifestProblem]]:
    """The artifact nodes of one skaffold Config document and the problems found.

    A document that is not a mapping or not a skaffold Config is one problem and no node; a
    malformed artifact or profile is a problem and the other artifacts are still nodes.
    """
    value = document.value
    if not isinstance(value, dict):
        return [], [problem_at(document, "", f"skaffold file must be a mapping, found {describe_type(value)}")]
    api_version = value.get("apiVersion")
    if not isinstance(api_version, str) or not api_version.startswith("skaffold/"):
        return [], [problem_at(document, "apiVersion", NOT_SKAFFOLD)]
    metadata = value.get("metadata")
    config = metadata.get("name") if isinstance(metadata, dict) and isinstance(metadata.get("name"), str) else None
    problems: list[ManifestProblem] = []
    nodes: list[Node] = []
    for build_path, steps, build, profile_name in _build_sections(document, value, problems):
        try:
            artifacts = optional_list(
                document, f"{build_path}.artifacts", optional_mapping(document, build_path, build).get("artifacts")
            )
        except ManifestProblem as problem:
            problems.append(problem)
            continue
        for index, artifact in enumerate(artifacts):
            where = _Where(f"{build_path}.artifacts[{index}]", (*steps, "artifacts", index), profile_name, config)
            try:
                nodes.append(_artifact_node(path, document, where, artifact, problems))
            except ManifestProblem as problem:
                problems.append(problem)
    return nodes, problems


_Section = tuple[str, tuple[str | int, ...], Any, str | None]


def _build_sections(document: YamlDocument, value: dict[str, Any], problems: list[ManifestProblem]) -> list[_Section]:
    """The ``build`` sections of a Config: (attribute path, node steps, value, profile name) for the
    base ``build`` and each well-formed profile's; a malformed profile adds to ``problems``."""
    sections: list[_Section] = [("build", ("build",), value.get("build"), None)]
    try:
        profiles = optional_list(document, "profiles", value.get("profiles"))
    except ManifestProblem as problem:
        problems.append(problem)
        return sections
    for index, profile in enumerate(profiles):
        profile_path = f"profiles[{index}]"
        if not isinstance(profile, dict):
            problems.append(wrong_type(document, profile_path, "a mapping", profile))
            continue
        name = profile.get("name")
        if name is None:
            problems.append(missing_key(document, profile_path, "name"))
        elif not isinstance(name, str) or not name:
            problems.append(wrong_type(document, f"{profile_path}.name", "a non-empty string", name))
        else:
            sections.append((f"{profile_path}.build", ("profiles", index, "build"), profile.get("build"), name))
    return sections


@dataclass(frozen=True)
class _Where:
    """Where an artifact is written: its attribute path and node steps, its profile and config."""

    path: str
    steps: tuple[str | int, ...]
    profile: str | None
    config: str | None


def _builder(document: YamlDocument, where: _Where, artifact: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The builder an artifact uses (the first builder key written, else ``docker``) and its settings."""
    for key, settings in artifact.items():
        if key in DOCKERFILE_BUILDERS or key in OTHER_BUILDERS:
            if key in DOCKERFILE_BUILDERS:
                settings = optional_mapping(document, f"{where.path}.{key}", settings)
            return key, settings if isinstance(settings, dict) else {}
    return "docker", {}


def _artifact_node(
    path: str, document: YamlDocument, where: _Where, artifact: Any, problems: list[ManifestProblem]
) -> Node:
    """The node of one artifact; raises ManifestProblem when its shape is wrong. An invalid image
    reference is added to ``problems`` and the node kept (its ``image_ref`` parts null)."""
    if not isinstance(artifact, dict):
        raise wrong_type(document, where.path, "a mapping", artifact)
    image = artifact.get("image")
    if image is None:
        raise missing_key(document, where.path, "image")
    if not isinstance(image, str) or not image:
        raise wrong_type(document, f"{where.path}.image", "a non-empty string", image)
    ref, _, error = image_reference(image, interpolate=False)
    if error is not None:
        problems.append(problem_at(document, f"{where.path}.image", error))
    lines = lines_below(document.lines, where.path)
    builder, settings = _builder(document, where, artifact)
    context = optional_string(document, f"{where.path}.context", artifact.get("context"))
    attrs: dict[str, Any] = {**artifact, "image": image, "image_ref": ref, "builder": builder}
    attrs.update(profile=where.profile, config=where.config, dockerfile=None, target=None, args={})
    unknown: list[str] = []
    if builder in DOCKERFILE_BUILDERS:
        settings_path = f"{where.path}.{builder}"
        dockerfile = optional_string(document, f"{settings_path}.dockerfile", settings.get("dockerfile"))
        resolved = resolve_build_paths(path, context, dockerfile, interpolated=False)
        attrs.update(context=resolved.context, dockerfile=resolved.dockerfile)
        unknown += resolved.unknown
        attrs["target"] = optional_string(document, f"{settings_path}.target", settings.get("target"))
        attrs["args"] = optional_mapping(document, f"{settings_path}.buildArgs", settings.get("buildArgs"))
        _alias_lines(lines, builder)
    else:
        resolved = resolve_build_paths(path, context, None, interpolated=False)
        attrs["context"] = resolved.context
        unknown += [key for key in resolved.unknown if key == "context"]
    start = document.lines.get(where.path, document.start_line)
    suffix = f"[profile={where.profile}]" if where.profile is not None else ""
    return Node(
        id=f"skaffold:{path}#{image}{suffix}",
        format=FORMAT,
        kind=KIND,
        name=image,
        path=path,
        start_line=start,
        end_line=end_line(document, node_at(document.root, *where.steps), start),
        attrs=attrs,
        attr_lines=lines,
        unknown=sorted(unknown),
    )


def _alias_lines(lines: dict[str, int], builder: str) -> None:
    """Give the normalized ``dockerfile``, ``target`` and ``args.*`` the lines of the builder
    settings they come from (``docker.dockerfile`` ...)."""
    for written, normalized in (("dockerfile", "dockerfile"), ("target", "target"), ("buildArgs", "args")):
        source = child_path(builder, written)
        for path, line in list(lines.items()):
            if path == source or path.startswith((source + ".", source + "[")):
                lines[normalized + path[len(source) :]] = line
