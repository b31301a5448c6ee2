"""One command's argv (a Dockerfile RUN command, see docs/graph/dockerfile.md) -> what it installs.

:func:`install_request` recognizes the installers bastion lists packages for, after removing
wrappers that only change how a command runs (``sudo -E``, ``env A=1``, ``nice -n 5``,
``command``, ``exec``, ``nohup``, ``time``, ``eatmydata``) and any directory before the command
name (``/usr/bin/apt-get``):

| Command | Parser | Ecosystem |
| --- | --- | --- |
| ``apt``, ``apt-get``, ``aptitude`` ``install`` | ``sbom.os_packages.parse_apt`` | deb |
| ``apk add`` | ``sbom.os_packages.parse_apk`` | apk |
| ``dnf``, ``dnf5``, ``yum``, ``microdnf``, ``tdnf`` ``install`` | ``sbom.os_packages.parse_rpm`` | rpm |
| ``pip``, ``pip3``, ``pip3.12``, ``python[3[.x]] -m pip``, ``uv pip`` ``install`` | ``sbom.language_packages.parse_pip`` | pypi |
| ``npm install``/``i``/``ci``, ``yarn add``, ``pnpm add`` | ``sbom.language_packages.parse_npm`` | npm |
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sbom.language_packages import parse_npm, parse_pip
from sbom.os_packages import parse_apk, parse_apt, parse_rpm
from sbom.package_specs import InstallRequest

Parser = Callable[[str, Sequence[str]], "InstallRequest | None"]

_PARSERS: dict[str, Parser] = {
    "apt": parse_apt, "apt-get": parse_apt, "aptitude": parse_apt,
    "apk": parse_apk,
    "dnf": parse_rpm, "dnf5": parse_rpm, "yum": parse_rpm, "microdnf": parse_rpm, "tdnf": parse_rpm,
    "npm": parse_npm, "yarn": parse_npm, "pnpm": parse_npm,
}
_PIP = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
#: Wrappers and the options among theirs that take a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "nice": frozenset({"-n"}),
    "command": frozenset(),
    "exec": frozenset({"-a"}),
    "nohup": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "eatmydata": frozenset(),
}


def install_request(argv: Sequence[str]) -> tuple[str, InstallRequest] | None:
    """The installer's name and what ``argv`` installs, or None when it is no install command."""
    words = unwrap(argv)
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1]
    if program in _PARSERS:
        request = _PARSERS[program](program, words[1:])
        return None if request is None else (program, request)
    if _PIP.match(program):
        request = parse_pip("pip", words[1:])
        return None if request is None else ("pip", request)
    if _PYTHON.match(program):
        module_args = _python_module_args(words[1:], "pip")
        request = None if module_args is None else parse_pip("pip", module_args)
        return None if request is None else ("pip", request)
    if program == "uv" and words[1:2] == ["pip"]:
        request = parse_pip("uv", words[2:])
        return None if request is None else ("uv", request)
    return None


def unwrap(argv: Sequence[str]) -> list[str]:
    """``argv`` without leading wrapper commands, their options and ``NAME=value`` assignments."""
    words = list(argv)
    while words:
        program = words[0].rsplit("/", 1)[-1]
        if _ASSIGNMENT.match(words[0]):
            words = words[1:]
            continue
        if program not in _WRAPPERS:
            return words
        takes_value = _WRAPPERS[program]
        index = 1
        while index < len(words) and (words[index].startswith("-") or (program == "env" and _ASSIGNMENT.match(words[index]))):
            if words[index] == "--":
                index += 1
                break
            index += 2 if words[index] in takes_value else 1
        words = words[index:]
    return words


def _python_module_args(args: Sequence[str], module: str) -> list[str] | None:
    """The arguments after ``-m <module>`` in a python command line, or None when it runs another
    module or a script."""
    for index, word in enumerate(args):
        if word == "-m":
            return list(args[index + 2 :]) if args[index + 1 : index + 2] == [module] else None
        if word == f"-m{module}":
            return list(args[index + 1 :])
        if not word.startswith("-"):
            return None
    return None
