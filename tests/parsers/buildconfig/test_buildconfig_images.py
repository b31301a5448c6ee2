"""Image references of build manifests: the Dockerfile parser's split plus docker-compose interpolation."""

from __future__ import annotations

import pytest

from scanner.parsers.buildconfig.images import image_reference, interpolation_names


def _unknown(*names: str) -> dict[str, str]:
    listed = ", ".join(f"${name}" for name in names)
    return {"__unknown__": f"depends on {listed}, which docker compose takes from the environment"}


@pytest.mark.parametrize(
    ("text", "masked", "names"),
    [
        ("nginx:1.27", "nginx:1.27", []),
        ("app:${TAG}", "app:\ue000", ["TAG"]),
        ("app:$TAG-x", "app:\ue000-x", ["TAG"]),
        ("${REG:-${DEFAULT_REG}}/app", "\ue000/app", ["REG", "DEFAULT_REG"]),
        ("a$$b", "a$b", []),
        ("app:${TAG", "app:\ue000", ["TAG"]),
        ("cost$5", "cost$5", []),
    ],
)
def test_interpolation_is_found_never_resolved(text, masked, names):
    assert interpolation_names(text) == (masked, names)


def test_literal_reference_is_split_like_a_dockerfile_from():
    ref, unknown, error = image_reference("localhost:5000/team/app:1.0", interpolate=True)
    assert ref == {
        "raw": "localhost:5000/team/app:1.0", "registry": "localhost:5000", "repository": "team/app",
        "name": "app", "tag": "1.0", "digest": None, "unresolved": False,
    }
    assert (unknown, error) == ([], None)


def test_variable_in_the_tag_keeps_registry_and_repository_known():
    ref, unknown, error = image_reference("ghcr.io/acme/api:${TAG:-dev}", interpolate=True)
    assert (ref["registry"], ref["repository"], ref["name"], ref["tag"], ref["digest"]) == (
        "ghcr.io", "acme/api", "api", _unknown("TAG"), None,
    )
    assert (ref["unresolved"], unknown, error) == (True, ["tag"], None)


def test_variable_in_the_digest_only_makes_the_digest_unknown():
    ref, unknown, _ = image_reference("acme/api@${DIGEST}", interpolate=True)
    assert (ref["repository"], ref["tag"], ref["digest"], unknown) == ("acme/api", None, _unknown("DIGEST"), ["digest"])


def test_variable_in_the_repository_makes_every_part_unknown():
    ref, unknown, error = image_reference("${REGISTRY}/api:1.0", interpolate=True)
    assert {part: ref[part] for part in ("registry", "repository", "name", "tag", "digest")} == {
        part: _unknown("REGISTRY") for part in ("registry", "repository", "name", "tag", "digest")
    }
    assert (unknown, error) == (["registry", "repository", "name", "tag", "digest"], None)


def test_skaffold_references_are_not_interpolated():
    ref, unknown, error = image_reference("app-$x", interpolate=False)
    assert (ref["repository"], unknown) == (None, [])
    assert error == "invalid image reference 'app-$x': 'library/app-$x' is not a valid repository path"


def test_invalid_reference_gives_null_parts_and_the_reason():
    ref, unknown, error = image_reference("ghcr.io/Acme/api", interpolate=True)
    assert (ref["registry"], ref["repository"], unknown) == (None, None, [])
    assert error == "invalid image reference 'ghcr.io/Acme/api': the repository name must be lowercase"
