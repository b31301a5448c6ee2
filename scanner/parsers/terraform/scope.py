"""What Terraform expressions see when they are evaluated: scopes, lazy values and lazy objects.

A :class:`ModuleScope` answers the root names of one module instance (``var``, ``local``,
``module``, ``data``, resource types, ``path``, ``terraform``) through a :class:`ScopeRoots`
provider, plus bindings such as ``count``, ``each`` or a dynamic block's iterator. Values are
computed on first use (:class:`Lazy`), so locals, variables, resource attributes and module
outputs may refer to each other in any order across files; a value that needs itself is a
cycle and becomes :class:`Unknown`. No lookup raises: a missing name or key is an Unknown with
a reason a user can read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from scanner.parsers.terraform.syntax import Scope, Unknown

_PENDING = 0
_RUNNING = 1
_DONE = 2


class Lazy:
    """A value computed once, on first :meth:`get`.

    ``compute`` returns the value; ``on_cycle`` is called (and its result returned, without
    caching) when the value is requested again while it is being computed. Too deep a chain of
    references gives an Unknown instead of a RecursionError.
    """

    __slots__ = ("_compute", "_on_cycle", "_state", "_value")

    def __init__(self, compute: Callable[[], Any], on_cycle: Callable[[], Any]) -> None:
        self._compute = compute
        self._on_cycle = on_cycle
        self._state = _PENDING
        self._value: Any = None

    @classmethod
    def of(cls, value: Any) -> Lazy:
        """A Lazy that already holds ``value``."""
        lazy = cls(lambda: value, lambda: value)
        lazy._state = _DONE
        lazy._value = value
        return lazy

    def get(self) -> Any:
        """Return the value, computing it the first time."""
        if self._state == _DONE:
            return self._value
        if self._state == _RUNNING:
            return self._on_cycle()
        self._state = _RUNNING
        try:
            value = self._compute()
        except RecursionError:
            value = Unknown("references are nested too deeply to evaluate")
        self._value = value
        self._state = _DONE
        return value


class LazyObject(Mapping[str, Any]):
    """A read-only object whose members are :class:`Lazy` values.

    A member that is not declared gives ``missing(name)`` (an Unknown with a reason) rather than
    a KeyError, so ``obj.x`` never fails; iteration lists the declared members only.
    """

    __slots__ = ("_members", "_missing")

    def __init__(self, members: Mapping[str, Lazy], missing: Callable[[str], Any]) -> None:
        self._members = members
        self._missing = missing

    def __getitem__(self, name: str) -> Any:
        lazy = self._members.get(name) if isinstance(name, str) else None
        if lazy is None:
            return self._missing(name)
        return lazy.get()

    def __contains__(self, name: object) -> bool:
        return name in self._members

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)

    def __repr__(self) -> str:
        return f"LazyObject({sorted(self._members)})"


class ScopeRoots(Protocol):
    """Where a :class:`ModuleScope` gets its root names from (a module instance)."""

    def root_value(self, name: str) -> Any:
        """The value of root name ``name`` (``var``, ``local``, a resource type...), or an Unknown."""

    def root_names(self) -> list[str]:
        """Every root name that has a value, for iteration."""


class ModuleScope(Scope):
    """The scope of one module instance, optionally with extra bindings (``count``, ``each``...).

    Bindings shadow root names; any other name is looked up on ``roots``. Never raises.
    """

    __slots__ = ("_roots", "_bindings")

    def __init__(self, roots: ScopeRoots, bindings: Mapping[str, Any] | None = None) -> None:
        self._roots = roots
        self._bindings: dict[str, Any] = dict(bindings or {})

    def with_bindings(self, bindings: Mapping[str, Any]) -> ModuleScope:
        """A scope seeing the same module plus ``bindings`` (which win over existing ones)."""
        merged = dict(self._bindings)
        merged.update(bindings)
        return ModuleScope(self._roots, merged)

    def __getitem__(self, name: str) -> Any:
        if name in self._bindings:
            return self._bindings[name]
        if name in ("count", "each"):
            return Unknown(f"'{name}' is only available in a block that sets {_META_ARG[name]}")
        return self._roots.root_value(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __iter__(self) -> Iterator[str]:
        names = dict.fromkeys(self._bindings)
        names.update(dict.fromkeys(self._roots.root_names()))
        return iter(names)

    def __len__(self) -> int:
        return len(list(iter(self)))


_META_ARG = {"count": "count", "each": "for_each"}


class StaticScope(Scope):
    """A scope where nothing is defined: for literal-only places (tfvars, defaults, module sources,
    the lock file). Every name evaluates to ``Unknown(reason)``."""

    __slots__ = ("_reason",)

    def __init__(self, reason: str = "references are not allowed here") -> None:
        self._reason = reason

    def __getitem__(self, name: str) -> Any:
        return Unknown(f"'{name}' cannot be referenced here: {self._reason}")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0
