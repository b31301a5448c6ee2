"""Where a rule result points: an attribute's line in a node, or an instruction in a Dockerfile.

Attribute paths follow the graph contract (docs/graph.md): dotted keys, ``[N]`` list indexes
and ``["odd.key"]`` quoted keys, e.g. ``spec.containers[0].securityContext.privileged`` or
``metadata.annotations["kubernetes.io/ingress.class"]``. ``attr_lines`` only holds the paths the
parser recorded, so a path is looked up, then its ancestors, nearest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from scanner.model import Node

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

#: Instruction values shorter than this are too common to identify an instruction in a message.
_MIN_MATCH = 3


def attribute_text(attribute: Any) -> str | None:
    """An attribute path as text: a string is kept, a list of keys and indexes is rendered.

    ``["spec", "containers", 0, "image"]`` gives ``spec.containers[0].image``. Anything else
    (empty, another type) gives None.
    """
    if isinstance(attribute, str):
        return attribute or None
    if isinstance(attribute, list) and attribute:
        text = ""
        for part in attribute:
            if isinstance(part, int) and not isinstance(part, bool):
                text += f"[{part}]"
            elif isinstance(part, str) and _IDENTIFIER.match(part):
                text += f".{part}" if text else part
            elif isinstance(part, str):
                text += f"[{json.dumps(part)}]"
            else:
                return None
        return text
    return None


def path_prefixes(path: str) -> list[str]:
    """Every prefix of ``path`` that ends a segment, shortest first (the path itself last).

    ``a.b[0]["x.y"].c`` gives ``a``, ``a.b``, ``a.b[0]``, ``a.b[0]["x.y"]``, ``a.b[0]["x.y"].c``.
    """
    prefixes: list[str] = []
    depth = 0
    quote = False
    escaped = False
    for index, char in enumerate(path):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quote = False
            continue
        if char == '"':
            quote = True
        elif char == "[":
            if depth == 0 and index > 0:
                prefixes.append(path[:index])
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "." and depth == 0 and index > 0:
            prefixes.append(path[:index])
    prefixes.append(path)
    return list(dict.fromkeys(prefix for prefix in prefixes if prefix))


def attribute_line(node: Node, attribute: str) -> int | None:
    """The line of ``attribute`` in ``node``, or of its nearest recorded ancestor; None if none."""
    line = node.attr_lines.get(attribute)
    if line is not None:
        return line
    for prefix in reversed(path_prefixes(attribute)):
        line = node.attr_lines.get(prefix)
        if line is not None:
            return line
    return None


def instruction_lines(instructions: Sequence[Any], message: str, result: Any) -> tuple[int, int] | None:
    """The (start, end) lines of the Dockerfile instruction a conftest result is about, if clear.

    ``instructions`` is a conftest-shaped Dockerfile document (``Cmd``, ``Value``, ``StartLine``,
    ``EndLine`` per instruction). A result object that embeds an instruction (any value with an
    integer ``StartLine``) points at it. Otherwise the message decides: an instruction matches
    when every element of its ``Value`` appears in the message (quoted values of ``sprintf``
    included); the match with the most matched text wins, and a tie means "unclear" (None).
    """
    embedded = _embedded_instruction(result)
    if embedded is not None:
        return embedded
    best: list[tuple[int, int]] = []
    best_score = 0
    for instruction in instructions:
        if not isinstance(instruction, dict) or instruction.get("Cmd") == "comment":
            continue
        lines = _lines(instruction)
        values = instruction.get("Value")
        if lines is None or not isinstance(values, list) or not values:
            continue
        if not all(isinstance(value, str) and value and value in message for value in values):
            continue
        score = sum(len(value) for value in values)
        if score < _MIN_MATCH:
            continue
        if score > best_score:
            best, best_score = [lines], score
        elif score == best_score and lines not in best:
            best.append(lines)
    return best[0] if len(best) == 1 else None


def _embedded_instruction(result: Any) -> tuple[int, int] | None:
    """Lines of an instruction object placed inside a result object, if exactly one is."""
    if not isinstance(result, dict):
        return None
    found = {lines for value in result.values() if isinstance(value, dict) and (lines := _lines(value)) is not None}
    return found.pop() if len(found) == 1 else None


def _lines(instruction: dict[str, Any]) -> tuple[int, int] | None:
    """(StartLine, EndLine) of an instruction object; None when absent or not positive integers."""
    start = instruction.get("StartLine")
    end = instruction.get("EndLine", start)
    if not isinstance(start, int) or isinstance(start, bool) or start < 1:
        return None
    if not isinstance(end, int) or isinstance(end, bool) or end < start:
        end = start
    return start, end
