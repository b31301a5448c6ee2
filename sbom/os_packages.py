"""OS package install commands -> package specs: apt/apt-get, apk, dnf/yum/microdnf.

Each parser takes the words after the command name and returns an ``InstallRequest``, or None
when the command does not install packages (``apt-get update``, ``apk del``, ``dnf module ...``).

- ``apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 libc6:i386 git/bookworm-backports``:
  options (and the values of ``-o``, ``-t``, ``-c``, ``-a``) are skipped; ``=`` pins a version (a
  ``*`` in it makes it a constraint), ``:arch`` sets the architecture, ``/release`` the target
  release; a trailing ``-`` asks apt to remove the package, so it is not listed; ``.deb`` files and
  paths are skipped.
- ``apk add --no-cache --virtual .build-deps gcc curl=8.5.0-r0 musl~1.2``: the ``--virtual`` name
  is not a package; ``=`` pins, ``~``, ``<``, ``>``... are constraints; ``@tag`` names a repository;
  ``so:``/``cmd:``/``pc:`` capabilities are skipped.
- ``dnf|yum|microdnf install -y curl-7.76.1-26.el9.x86_64 glibc.i686``: a name-version-release is
  split where the version starts with a digit (``java-17-openjdk`` stays a name); groups
  (``@web-server``), file and capability provides (``/usr/bin/x``, ``perl(Foo)``) and ``.rpm``
  files are skipped.

A word holding a variable (``$PKGS``) or a glob (``libpq*``) is skipped with that reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sbom.package_specs import (
    InstallRequest,
    PackageSpec,
    SkippedWord,
    is_path_or_url,
    positional_words,
    unknowable_reason,
)

_LOCAL = "a local file or URL, not a repository package"

APT_VALUE_OPTIONS = frozenset({
    "-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release", "--default-release",
    "--host-architecture",
})
_DEB_NAME = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")


def parse_apt(manager: str, args: Sequence[str]) -> InstallRequest | None:
    """``apt``/``apt-get``/``aptitude`` arguments -> packages, when the subcommand is ``install``."""
    releases: dict[str, list[str]] = {"-t": [], "--target-release": [], "--default-release": []}
    words = positional_words(args, APT_VALUE_OPTIONS, releases)
    if not words or words[0] not in ("install", "reinstall"):
        return None
    target_release = next((values[-1] for values in releases.values() if values), None)
    request = InstallRequest()
    for word in words[1:]:
        spec = _apt_spec(manager, word, target_release)
        if isinstance(spec, SkippedWord):
            request.skipped.append(spec)
        elif spec is not None:
            request.packages.append(spec)
    return request


def _apt_spec(manager: str, word: str, target_release: str | None) -> PackageSpec | SkippedWord | None:
    """One apt word -> a package, a skipped word, or None for a removal (``pkg-``)."""
    problem = unknowable_reason(word, patterns=False)
    if problem:
        return SkippedWord(word, problem)
    if is_path_or_url(word) or word.endswith(".deb"):
        return SkippedWord(word, _LOCAL)
    name, _, version = word.partition("=")
    name, _, release = name.partition("/")
    name, _, arch = name.partition(":")
    if name.endswith("-") and not version:
        return None
    problem = _name_problem(name, _DEB_NAME, "a Debian package name")
    if problem:
        return SkippedWord(word, problem)
    details = (("bastion:apt:target-release", release or target_release),) if (release or target_release) else ()
    pinned = bool(version) and "*" not in version
    return PackageSpec(
        ecosystem="deb",
        manager=manager,
        name=name,
        version=version if pinned else None,
        constraint=f"={version}" if version and not pinned else None,
        arch=arch or None,
        details=details,
    )


APK_VALUE_OPTIONS = frozenset({
    "-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--cache-dir", "--keys-dir",
    "--repositories-file", "--wait", "--timeout", "--cache-max-age",
})
_APK_SPEC = re.compile(r"^(?P<name>[^=<>~@]+)(?:@(?P<tag>[A-Za-z0-9_.-]+))?(?:(?P<op>=|~=|~|>=|<=|><|>|<)(?P<version>.+))?$")
_APK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+._-]*$")


def parse_apk(manager: str, args: Sequence[str]) -> InstallRequest | None:
    """``apk`` arguments -> packages, when the subcommand is ``add``."""
    words = positional_words(args, APK_VALUE_OPTIONS)
    if not words or words[0] != "add":
        return None
    request = InstallRequest()
    for word in words[1:]:
        spec = _apk_spec(manager, word)
        (request.skipped if isinstance(spec, SkippedWord) else request.packages).append(spec)  # type: ignore[arg-type]
    return request


def _apk_spec(manager: str, word: str) -> PackageSpec | SkippedWord:
    """One ``apk add`` word -> a package or a skipped word."""
    problem = unknowable_reason(word, patterns=False)
    if problem:
        return SkippedWord(word, problem)
    if is_path_or_url(word) or word.endswith(".apk"):
        return SkippedWord(word, _LOCAL)
    match = _APK_SPEC.match(word)
    if match is None:
        return SkippedWord(word, "not an Alpine package name")
    if ":" in match.group("name"):
        return SkippedWord(word, "a capability, not a package name")
    problem = _name_problem(match.group("name"), _APK_NAME, "an Alpine package name")
    if problem:
        return SkippedWord(word, problem)
    op, version, tag = match.group("op"), match.group("version"), match.group("tag")
    return PackageSpec(
        ecosystem="apk",
        manager=manager,
        name=match.group("name"),
        version=version if op == "=" else None,
        constraint=f"{op}{version}" if op and op != "=" else None,
        details=(("bastion:apk:repository-tag", tag),) if tag else (),
    )


RPM_VALUE_OPTIONS = frozenset({
    "--setopt", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "-x", "--exclude",
    "--repo", "--repoid", "--repofrompath", "--forcearch", "-c", "--config", "--disableplugin",
    "--enableplugin", "-d", "--debuglevel", "-e", "--errorlevel", "--downloaddir", "--destdir",
    "--comment", "--rpmverbosity", "--color",
})
RPM_ARCHES = frozenset({"x86_64", "aarch64", "noarch", "i686", "i386", "ppc64le", "s390x", "armv7hl", "src"})
_RPM_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_+.-]*$")


def parse_rpm(manager: str, args: Sequence[str]) -> InstallRequest | None:
    """``dnf``/``yum``/``microdnf`` arguments -> packages, when the subcommand is ``install``."""
    words = positional_words(args, RPM_VALUE_OPTIONS)
    if not words or words[0] not in ("install", "reinstall", "localinstall"):
        return None
    request = InstallRequest()
    for word in words[1:]:
        spec = _rpm_spec(manager, word)
        (request.skipped if isinstance(spec, SkippedWord) else request.packages).append(spec)  # type: ignore[arg-type]
    return request


def _rpm_spec(manager: str, word: str) -> PackageSpec | SkippedWord:
    """One rpm install word -> a package or a skipped word."""
    problem = unknowable_reason(word, patterns=False)
    if problem:
        return SkippedWord(word, problem)
    if word.startswith("@"):
        return SkippedWord(word, "a package group or module, not a package")
    if is_path_or_url(word) or word.endswith(".rpm"):
        if word.startswith("/") and not word.endswith(".rpm"):
            return SkippedWord(word, "a file provide, not a package name")
        return SkippedWord(word, _LOCAL)
    if "(" in word:
        return SkippedWord(word, "a capability, not a package name")
    body, arch = word, None
    head, dot, tail = word.rpartition(".")
    if dot and tail in RPM_ARCHES:
        body, arch = head, tail
    name, version = split_nevr(body)
    problem = _name_problem(name, _RPM_NAME, "an RPM package name")
    if problem:
        return SkippedWord(word, problem)
    return PackageSpec(ecosystem="rpm", manager=manager, name=name, version=version, arch=arch)


def split_nevr(text: str) -> tuple[str, str | None]:
    """Split ``name[-[epoch:]version[-release]]`` as dnf reads an install argument: the version is
    the part after a ``-`` that starts with a digit and holds a ``.`` (or is followed by a release
    that starts with a digit). ``curl-7.76.1-26.el9`` -> (curl, 7.76.1-26.el9);
    ``java-17-openjdk`` -> (java-17-openjdk, None)."""
    parts = text.rsplit("-", 2)
    if len(parts) == 3:
        name, version, release = parts
        if name and _looks_like_version(version) and (release[:1].isdigit() or "." in release):
            return name, f"{version}-{release}"
    parts = text.rsplit("-", 1)
    if len(parts) == 2:
        name, version = parts
        if name and _looks_like_version(version) and "." in version:
            return name, version
    return text, None


def _looks_like_version(text: str) -> bool:
    """True for ``7.76.1``, ``1:2.3`` (an epoch), ``17``: starts with a digit, no letters first."""
    return bool(re.match(r"^(\d+:)?\d", text))


def _name_problem(name: str, pattern: re.Pattern[str], what: str) -> str | None:
    """Why ``name`` is not a package name: a glob, or not matching ``pattern`` ("not <what>")."""
    if re.search(r"[*?\[]", name):
        return "a pattern, not a package name"
    if not pattern.match(name):
        return f"not {what}"
    return None
