"""Terraform's built-in functions: the registry and how a call is evaluated.

:data:`REGISTRY` maps a function name to its :class:`FunctionSpec`, merged explicitly from the
``functions_*`` modules and ``cidr``. :func:`call_function` evaluates a call: the arguments are
evaluated (``f(list...)`` spreads the last one), unknown arguments make the result unknown, and
any failure is an ``EvalError`` naming the function. ``try`` and ``can`` take their arguments
unevaluated. Functions whose result cannot be known statically give an ``Unknown`` that says
why: ``uuid``/``timestamp``/``bcrypt`` are not deterministic, ``file`` and friends read files
(never read in this version), provider functions are not evaluated, the rest are unsupported.
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.terraform import (
    cidr,
    functions_collections,
    functions_encoding,
    functions_numeric,
    functions_strings,
    functions_types,
)
from scanner.parsers.terraform.function_spec import FunctionSpec
from scanner.parsers.terraform.functions_encoding import decode_json_document, json_decode, json_encode
from scanner.parsers.terraform.semantics import ConversionError, EvalError, find_error, find_unknown
from scanner.parsers.terraform.syntax import Expr, Scope, Unknown

__all__ = ["REGISTRY", "call_function", "decode_json_document", "is_known_function", "json_decode", "json_encode"]

REGISTRY: dict[str, FunctionSpec] = {
    **functions_strings.FUNCTIONS,
    **functions_collections.FUNCTIONS,
    **functions_types.FUNCTIONS,
    **functions_encoding.FUNCTIONS,
    **functions_numeric.FUNCTIONS,
    **cidr.FUNCTIONS,
}

NON_DETERMINISTIC = frozenset({"uuid", "timestamp", "bcrypt", "plantimestamp"})
FILE_READING = frozenset(
    {
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "filebase64sha256",
        "filebase64sha512",
        "templatefile",
        "abspath",
        "pathexpand",
    }
)
LAZY = frozenset({"try", "can"})


def is_known_function(name: str) -> bool:
    """True when ``name`` is a function this evaluator implements (``try`` and ``can`` included)."""
    return name in REGISTRY or name in LAZY


def call_function(call: Any, scope: Scope) -> Any:
    """Evaluate a ``FunctionCall`` node in ``scope`` (see the module docstring); never raises."""
    name: str = call.name
    if "::" in name:
        return Unknown(f"provider function '{name}' is not evaluated")
    if name in LAZY:
        return _try(call, scope) if name == "try" else _can(call, scope)
    if name in NON_DETERMINISTIC:
        return Unknown(f"function '{name}' is not deterministic")
    if name in FILE_READING:
        return Unknown(f"function '{name}' reads files")
    spec = REGISTRY.get(name)
    if spec is None:
        return Unknown(f"function '{name}' is not supported")
    values = [arg._eval(scope) for arg in call.args]
    if call.expand_last and values:
        last = values.pop()
        if isinstance(last, Unknown):
            return last
        if not isinstance(last, list):
            return EvalError(f"{name}(): the argument before '...' must be a list")
        values.extend(last)
    problem = _arity_problem(spec, len(values))
    if problem is not None:
        return EvalError(problem)
    blocked = _blocking_unknown(spec.unknowns, values)
    if blocked is not None:
        return blocked
    try:
        return spec.impl(*values)
    except ConversionError as error:
        return EvalError(f"{name}(): {error}")
    except RecursionError:
        return EvalError(f"{name}(): the value is nested too deeply")
    except Exception as error:  # a safety net: a function must never abort a scan
        return EvalError(f"{name}() failed: {type(error).__name__}: {error}")


def _arity_problem(spec: FunctionSpec, count: int) -> str | None:
    if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
        if spec.max_args is None:
            wanted = f"at least {spec.min_args}"
        elif spec.max_args == spec.min_args:
            wanted = str(spec.min_args)
        else:
            wanted = f"{spec.min_args} to {spec.max_args}"
        plural = "" if wanted == "1" else "s"
        return f"{spec.name}() takes {wanted} argument{plural}, got {count}"
    return None


def _blocking_unknown(policy: str, values: list[Any]) -> Unknown | None:
    if policy == "none":
        return None
    if policy == "shallow":
        errors = [v for v in values if isinstance(v, EvalError)]
        if errors:
            return errors[0]
        return next((v for v in values if isinstance(v, Unknown)), None)
    for value in values:
        error = find_error(value)
        if error is not None:
            return error
    for value in values:
        unknown = find_unknown(value)
        if unknown is not None:
            return unknown
    return None


def _try(call: Any, scope: Scope) -> Any:
    """``try(a, b, ...)``: the first argument that evaluates without error.

    An argument whose value is not wholly known ends the search with that Unknown: falling back
    would guess, since the unknown value might turn out valid.
    """
    args: tuple[Expr, ...] = call.args
    if not args:
        return EvalError("try() takes at least 1 argument, got 0")
    for arg in args:
        value = arg._eval(scope)  # type: ignore[attr-defined]
        if find_error(value) is not None:
            continue
        unknown = find_unknown(value)
        return unknown if unknown is not None else value
    return EvalError("try(): no argument could be evaluated without an error")


def _can(call: Any, scope: Scope) -> Any:
    """``can(expr)``: whether ``expr`` evaluates without error (Unknown when it is unknown)."""
    if len(call.args) != 1:
        return EvalError(f"can() takes 1 argument, got {len(call.args)}")
    value = call.args[0]._eval(scope)
    if find_error(value) is not None:
        return False
    unknown = find_unknown(value)
    return unknown if unknown is not None else True
