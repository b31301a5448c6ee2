"""Language package install commands -> package specs: pip (and ``python -m pip``, ``uv pip``),
npm, yarn and pnpm.

- ``pip install --no-cache-dir "requests[socks]==2.31.0" "flask>=2" -r requirements.txt``: each
  requirement is PEP 508 ``name[extras] specifiers ; marker``. Only a single ``==`` (or ``===``)
  without a wildcard is a pin; anything else is a constraint. ``-r`` and ``-c`` files are not read
  and ``-e`` projects not listed (reported as skipped), nor local paths, archives and URLs.
  ``pip wheel``/``pip download`` install nothing.
- ``npm i -g @scope/x@1.2.3 lodash@^4``: an exact semver version is a pin, a range or dist-tag is a
  constraint; ``alias@npm:real@1.0`` lists ``real``; git, URL, path and tarball specs are skipped.
  ``npm ci`` and an install without names read package.json, which is not read here (skipped).
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

PIP_VALUE_OPTIONS = frozenset({
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
    "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--trusted-host",
    "--platform", "--python-version", "--implementation", "--abi", "--src", "--upgrade-strategy",
    "--progress-bar", "--cache-dir", "--log", "--log-file", "--proxy", "--retries", "--timeout",
    "--exists-action", "--cert", "--client-cert", "--global-option", "--config-settings", "-C",
    "--only-binary", "--no-binary", "--report", "--root-user-action", "--python", "--build-option",
    "--install-option", "--keyring-provider", "--use-feature", "--use-deprecated", "--resume-retries",
    "--group",
})
_PIP_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?P<extras>[^\]]*)\])?\s*(?P<specifiers>[^;]*?)\s*(?:;(?P<marker>.*))?$"
)
_PIP_CLAUSE = re.compile(r"^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)$")
_ARCHIVE_SUFFIXES = (".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz")


def parse_pip(manager: str, args: Sequence[str]) -> InstallRequest | None:
    """``pip`` arguments (after ``pip``) -> packages, when the subcommand is ``install``."""
    files: dict[str, list[str]] = {name: [] for name in ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")}
    words = positional_words(args, PIP_VALUE_OPTIONS, files)
    if not words or words[0] != "install":
        return None
    request = InstallRequest()
    for option, reason in (
        ("-r", "a requirements file, which is not read"),
        ("--requirement", "a requirements file, which is not read"),
        ("-c", "a constraints file, which is not read"),
        ("--constraint", "a constraints file, which is not read"),
        ("-e", "an editable project, not an index package"),
        ("--editable", "an editable project, not an index package"),
    ):
        request.skipped.extend(SkippedWord(f"{option} {value}", reason) for value in files[option])
    for word in words[1:]:
        spec = pip_requirement(manager, word)
        (request.skipped if isinstance(spec, SkippedWord) else request.packages).append(spec)  # type: ignore[arg-type]
    return request


def pip_requirement(manager: str, word: str) -> PackageSpec | SkippedWord:
    """One requirement word -> a package or a skipped word (see the module doc)."""
    problem = unknowable_reason(word, patterns=False)
    if problem:
        return SkippedWord(word, problem)
    if is_path_or_url(word) or "/" in word or word.lower().endswith(_ARCHIVE_SUFFIXES):
        return SkippedWord(word, "a local path, archive or URL, not an index package")
    match = _PIP_REQUIREMENT.match(word.strip())
    if match is None:
        return SkippedWord(word, "not a requirement pip understands")
    specifiers = match.group("specifiers")
    if specifiers.startswith("@"):
        return SkippedWord(word, "a direct URL reference, not an index package")
    clauses = [clause.strip() for clause in specifiers.split(",")] if specifiers else []
    parsed = [_PIP_CLAUSE.match(clause) for clause in clauses]
    if any(clause is None for clause in parsed):
        return SkippedWord(word, "not a requirement pip understands")
    version = None
    if len(parsed) == 1 and parsed[0] is not None and parsed[0].group(1) in ("==", "===") and "*" not in parsed[0].group(2):
        version = parsed[0].group(2)
    details: list[tuple[str, str]] = []
    extras = sorted({extra.strip().lower() for extra in (match.group("extras") or "").split(",") if extra.strip()})
    if extras:
        details.append(("bastion:pip:extras", ",".join(extras)))
    if match.group("marker") and match.group("marker").strip():
        details.append(("bastion:pip:marker", match.group("marker").strip()))
    return PackageSpec(
        ecosystem="pypi",
        manager=manager,
        name=match.group("name"),
        version=version,
        constraint=None if version or not parsed else ",".join(m.group(1) + m.group(2) for m in parsed if m),
        details=tuple(details),
    )


NPM_VALUE_OPTIONS = frozenset({
    "--registry", "--prefix", "--tag", "--cache", "-w", "--workspace", "--omit", "--include",
    "--install-strategy", "--userconfig", "--loglevel", "--before", "--location", "--modules-folder",
    "--cwd", "--filter", "-C", "--dir",
})
_NPM_INSTALL_WORDS = {
    "npm": frozenset({"install", "i", "add", "in", "isntall", "isnt", "inst", "insta", "instal", "ins", "ci"}),
    "yarn": frozenset({"add", "install"}),
    "pnpm": frozenset({"add", "install", "i"}),
}
_NPM_NAME = re.compile(r"^[A-Za-z0-9._~-]+$")
_EXACT_SEMVER = re.compile(r"^=?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")


def parse_npm(manager: str, args: Sequence[str]) -> InstallRequest | None:
    """``npm``/``yarn``/``pnpm`` arguments -> packages, when the subcommand installs."""
    words = positional_words(args, NPM_VALUE_OPTIONS)
    if manager == "yarn" and words[:1] == ["global"]:
        words = words[1:]
    if manager == "yarn" and not words:
        words = ["install"]
    if not words or words[0] not in _NPM_INSTALL_WORDS.get(manager, frozenset()):
        return None
    request = InstallRequest()
    if words[0] == "ci" or len(words) == 1:
        request.skipped.append(SkippedWord(f"{manager} {words[0]}", "installs what package.json and its lock file list, which are not read"))
        return request
    for word in words[1:]:
        spec = npm_spec(manager, word)
        (request.skipped if isinstance(spec, SkippedWord) else request.packages).append(spec)  # type: ignore[arg-type]
    return request


def npm_spec(manager: str, word: str, alias: str | None = None) -> PackageSpec | SkippedWord:
    """One npm package spec (``name``, ``name@1.2.3``, ``@scope/name@^1``) -> a package or a skipped word."""
    problem = unknowable_reason(word, patterns=False)
    if problem:
        return SkippedWord(word, problem)
    scope = None
    if word.startswith("@"):
        scoped, _, version = word[1:].partition("@")
        scope, slash, name = scoped.partition("/")
        if not slash or not scope:
            return SkippedWord(word, "not an npm package name")
    else:
        if is_path_or_url(word) or word.endswith((".tgz", ".tar.gz")):
            return SkippedWord(word, "a local path, tarball or URL, not a registry package")
        name, _, version = word.partition("@")
        if "/" in name or ":" in name:
            return SkippedWord(word, "a git repository or URL, not a registry package")
    if version.startswith("npm:") and alias is None:
        return npm_spec(manager, version[4:], alias=(f"@{scope}/{name}" if scope else name))
    if "/" in version or ":" in version:
        return SkippedWord(word, "a git repository or URL, not a registry package")
    if not _NPM_NAME.match(name) or (scope is not None and not _NPM_NAME.match(scope)):
        return SkippedWord(word, "not an npm package name")
    exact = _EXACT_SEMVER.match(version)
    return PackageSpec(
        ecosystem="npm",
        manager=manager,
        name=name,
        scope=scope,
        version=exact.group(1) if exact else None,
        constraint=None if exact or not version else version,
        details=(("bastion:npm:alias", alias),) if alias else (),
    )
