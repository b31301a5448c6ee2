"""Where each format keeps literal values, and the secrets found there, as :class:`Spot` objects.

Every format gets the generic walk of its node's ``attrs``: each string is checked with the name
of its key (or, for ``{"name": ..., "value": ...}`` pairs such as env vars, with the pair's
name); lists under ``command``/``args``/``entrypoint`` are read as command lines; keys starting
with ``__`` are bastion's own copies and views, never walked (their values are redacted with the
originals); unknown markers are never secrets. On top of that:

- Terraform: ``default``/``value`` of a variable, local or output take the block's own name;
  user data (``user_data``, ``user_data_base64``, ``custom_data``) is also base64-decoded.
- Kubernetes: a ``v1`` Secret's ``data`` (base64-decoded) and ``stringData`` values are secrets
  whenever they hold a real value; ConfigMap ``binaryData`` is decoded; a SealedSecret's
  ``encryptedData`` is ciphertext and skipped.
- Dockerfile: ``env``, ``args`` and ``labels`` by name, RUN commands as argv (and their leading
  ``NAME=value`` assignments), heredoc bodies and every other instruction as text.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scanner.model import Document, Node, is_unknown_value
from scanner.secrets.detect import (
    command_worth_scanning,
    detect_argv,
    detect_text,
    detect_value,
    worth_scanning,
)
from scanner.secrets.names import is_secret_name
from scanner.secrets.paths import decode_base64_text, join_index, join_key
from scanner.secrets.patterns import TRIGGER, Detection
from scanner.secrets.values import is_blank_or_placeholder

SECRET_DATA_TYPE = "kubernetes-secret-value"
ARGV_KEYS = frozenset({"command", "args", "entrypoint", "entryPoint", "cmd"})
BASE64_KEYS = frozenset({"user_data", "user_data_base64", "custom_data"})
_TF_NAMED_BLOCKS = frozenset({"terraform.variable", "terraform.local", "terraform.output"})
_MAX_DEPTH = 64
#: No detector reports a string shorter than this (except a committed Secret's values).
MIN_SECRET_LENGTH = 8


@dataclass(frozen=True)
class Spot:
    """A secret found at one attribute of one node.

    ``encoded`` is the base64 text actually stored at the attribute when the secret was found in
    its decoded form (user data, a Secret's ``data``); it is redacted as a whole.
    """

    node_id: str
    attribute: str
    detection: Detection
    encoded: str | None = None


def node_spots(node: Node) -> list[Spot]:
    """Every secret in ``node``'s attrs, by the rules of its format (see the module docstring)."""
    if node.format == "dockerfile" and node.kind == "dockerfile.stage":
        return list(_dockerfile_spots(node))
    if node.format == "kubernetes" and node.kind == "Secret" and node.attrs.get("apiVersion") == "v1":
        return list(_kubernetes_secret_spots(node))
    found: list[Spot] = []
    _walk(node, node.attrs, _ciphertext(node.format, node.kind), found)
    return found


def _ciphertext(format_name: str, kind: object) -> frozenset[tuple[str | int, ...]]:
    """Paths holding encrypted values, which look random but are safe to commit."""
    if format_name == "kubernetes" and kind == "SealedSecret":
        return frozenset({("spec", "encryptedData")})
    return frozenset()


def document_spots(document: Document) -> list[Spot]:
    """Secrets in a conftest document (hcl2json Terraform, a YAML document, a Dockerfile's
    instruction list), found with a light generic walk (secret-looking names and token shapes;
    free text is searched in the nodes, which hold the same text). They only feed redaction: a
    ``.tfvars`` value for an undeclared variable, a global ``ARG``, a ``count = 0`` resource are in
    no node but must not reach a policy's message."""
    holder = Node(f"document:{document.path}:{document.line}", document.format, "document", "", document.path, document.line, document.line)
    kind = document.content.get("kind") if isinstance(document.content, dict) else None
    found: list[Spot] = []
    _walk(holder, document.content, _ciphertext(document.format, kind), found, light=True)
    return found


def _walk(node: Node, root: Any, skip: frozenset[tuple[str | int, ...]], found: list[Spot], light: bool = False) -> None:
    """Generic walk: strings by their key's name, argv lists, pairs, base64 user data.

    This runs over every node of every scan, so it is iterative, keeps paths as tuples (formatted
    only for a finding) and skips scalars that cannot hold a secret before doing anything else.
    """
    stack: list[tuple[Any, tuple[str | int, ...], str | None]] = [(root, (), None)]
    while stack:
        value, segments, name = stack.pop()
        if len(segments) > _MAX_DEPTH or segments in skip:
            continue
        if isinstance(value, dict):
            if is_unknown_value(value):
                continue
            pair_name = value.get("name") if isinstance(value.get("name"), str) else None
            for key, item in value.items():
                if not isinstance(key, str) or key.startswith("__"):
                    continue
                child_name = key
                if key == "value" and pair_name is not None:
                    child_name = pair_name
                elif not segments and key in ("default", "value") and node.kind in _TF_NAMED_BLOCKS:
                    child_name = node.name.rsplit(".", 1)[-1]
                if isinstance(item, str):
                    if len(item) >= MIN_SECRET_LENGTH:
                        _string_spots(node, (*segments, key), child_name, item, found, light)
                elif isinstance(item, (dict, list)):
                    stack.append((item, (*segments, key), child_name))
        elif isinstance(value, list):
            if name in ARGV_KEYS and value and all(isinstance(word, str) for word in value):
                found.extend(_argv_spots(node.id, format_path(segments), value))
                continue
            for index, item in enumerate(value):
                if isinstance(item, str):
                    if len(item) >= MIN_SECRET_LENGTH:
                        _string_spots(node, (*segments, index), name, item, found, light)
                elif isinstance(item, (dict, list)):
                    stack.append((item, (*segments, index), name))


def _string_spots(
    node: Node, segments: tuple[str | int, ...], name: str | None, value: str, found: list[Spot], light: bool = False
) -> None:
    """The secrets of one string of the walk (base64 user data and binaryData decoded first);
    ``light`` only looks at strings with a secret-looking name or a token shape."""
    decoded = None
    if not light and (name in BASE64_KEYS or (node.kind == "ConfigMap" and segments[:1] == ("binaryData",))):
        decoded = decode_base64_text(value)
    if decoded is not None:
        detections = detect_text(decoded)
    elif (name is not None and is_secret_name(name)) or (TRIGGER.search(value) if light else worth_scanning(value)):
        detections = detect_value(name, value)
    else:
        return
    if detections:
        path = format_path(segments)
        found.extend(Spot(node.id, path, detection, encoded=value if decoded is not None else None) for detection in detections)


def format_path(segments: tuple[str | int, ...]) -> str:
    """An attribute path from its keys and indexes (``("data", "a.b")`` -> ``data["a.b"]``)."""
    path = ""
    for segment in segments:
        path = join_index(path, segment) if isinstance(segment, int) else join_key(path, segment)
    return path


def _argv_spots(node_id: str, path: str, argv: list[str], attribute: str | None = None) -> Iterator[Spot]:
    """Secrets of one command line; each lands on the word holding it (``args[2]``) unless
    ``attribute`` fixes the attribute for all of them."""
    for detection in detect_argv(argv):
        where = attribute
        if where is None:
            index = next((i for i, word in enumerate(argv) if detection.secret in word), None)
            where = join_index(path, index) if index is not None else path
        yield Spot(node_id, where, detection)


def _kubernetes_secret_spots(node: Node) -> Iterator[Spot]:
    """A committed Secret: every real value of ``data``/``stringData``; the rest walked as usual."""
    rest = {key: value for key, value in node.attrs.items() if key not in ("data", "stringData")}
    found: list[Spot] = []
    _walk(node, rest, frozenset(), found)
    yield from found
    for field in ("data", "stringData"):
        entries = node.attrs.get(field)
        if not isinstance(entries, dict):
            continue
        for key, raw in entries.items():
            if not isinstance(key, str) or not isinstance(raw, str):
                continue
            decoded = decode_base64_text(raw) if field == "data" else raw
            value = raw if decoded is None else decoded
            encoded = raw if field == "data" and decoded is not None else None
            if is_blank_or_placeholder(value) or _is_certificate(value):
                continue
            detections = detect_value(key, value) or [Detection(SECRET_DATA_TYPE, f"value of the Secret key '{key}'", value)]
            for detection in detections:
                yield Spot(node.id, join_key(field, key), detection, encoded=encoded)


def _is_certificate(value: str) -> bool:
    """A PEM certificate (public), without any private key in it."""
    text = value.strip()
    return text.startswith("-----BEGIN CERTIFICATE-----") and "PRIVATE KEY" not in text


def _shell_words(text: str) -> list[str]:
    """``text`` split as a POSIX shell would (no expansion); plain whitespace split when the
    quoting is unbalanced."""
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


def _dockerfile_spots(node: Node) -> Iterator[Spot]:
    """ENV/ARG/LABEL values by name; RUN commands as argv; other instructions as text."""
    for field in ("env", "args", "labels"):
        entries = node.attrs.get(field)
        if isinstance(entries, dict):
            for key, value in entries.items():
                for detection in detect_value(key, value):
                    yield Spot(node.id, join_key(field, key), detection)
    instructions = node.attrs.get("instructions")
    if not isinstance(instructions, list):
        return
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, dict) and instruction.get("cmd") not in ("env", "arg", "label"):
            yield from _instruction_spots(node.id, f"instructions[{index}]", instruction)


def _instruction_spots(node_id: str, path: str, instruction: dict[str, Any]) -> Iterator[Spot]:
    """One instruction: per command for RUN, else the whole instruction's text or exec argv."""
    seen: set[str] = set()
    commands = instruction.get("commands")
    details = instruction.get("command_details")
    if instruction.get("cmd") == "run" and isinstance(commands, list):
        for number, argv in enumerate(commands):
            if isinstance(argv, list):
                for spot in _argv_spots(node_id, path, argv, attribute=f"{path}.commands[{number}]"):
                    seen.add(spot.detection.secret)
                    yield spot
            detail = details[number] if isinstance(details, list) and number < len(details) else None
            assignments = detail.get("env") if isinstance(detail, dict) else None
            for name, value in (assignments or {}).items():
                for detection in detect_value(name, value):
                    seen.add(detection.secret)
                    yield Spot(node_id, f"{path}.commands[{number}]", detection)
    texts: list[str] = []
    value = instruction.get("value")
    if instruction.get("json") and isinstance(value, list):
        for spot in _argv_spots(node_id, path, value, attribute=path):
            seen.add(spot.detection.secret)
            yield spot
    elif isinstance(instruction.get("original"), str):
        texts.append(instruction["original"])
        if instruction.get("cmd") != "run" and command_worth_scanning(instruction["original"]):
            for spot in _argv_spots(node_id, path, _shell_words(instruction["original"]), attribute=path):
                seen.add(spot.detection.secret)
                yield spot
    for heredoc in instruction.get("heredocs") or []:
        if isinstance(heredoc, dict) and isinstance(heredoc.get("content"), str):
            texts.append(heredoc["content"])
    for text in texts:
        for detection in detect_text(text):
            if detection.secret not in seen and not any(detection.secret in other or other in detection.secret for other in seen):
                seen.add(detection.secret)
                yield Spot(node_id, path, detection)
