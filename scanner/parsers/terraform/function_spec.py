"""How a Terraform function implementation is described, so ``functions.py`` can call it safely.

Each ``functions_*.py`` module builds its own ``FUNCTIONS`` table with a :class:`FunctionTable`
decorator; ``functions.py`` merges the tables explicitly. An implementation receives evaluated
Python values and returns a value, or raises ``ConversionError`` (a user's mistake, reported as
an ``EvalError`` naming the function).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Unknown arguments: "deep" returns the first Unknown found anywhere in the arguments without
#: calling the implementation; "shallow" only checks the arguments themselves (the function
#: copies elements without looking at them, e.g. ``length``, ``merge``); "none" passes them all.
UNKNOWN_POLICIES = ("deep", "shallow", "none")


@dataclass(frozen=True)
class FunctionSpec:
    """One function: its implementation, arity (``max_args`` None = variadic) and unknown policy."""

    name: str
    impl: Callable[..., Any]
    min_args: int
    max_args: int | None
    unknowns: str = "deep"


class FunctionTable(dict[str, FunctionSpec]):
    """A name -> :class:`FunctionSpec` table filled by its :meth:`define` decorator."""

    def define(
        self, name: str, min_args: int, max_args: int | None = -1, unknowns: str = "deep"
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register the decorated implementation under ``name``; ``max_args=-1`` means ``min_args``."""
        assert unknowns in UNKNOWN_POLICIES

        def decorate(impl: Callable[..., Any]) -> Callable[..., Any]:
            """Record ``impl`` in the table and return it unchanged."""
            upper = min_args if max_args == -1 else max_args
            self[name] = FunctionSpec(name, impl, min_args, upper, unknowns)
            return impl

        return decorate
