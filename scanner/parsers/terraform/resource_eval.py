"""Resources and data sources of a module instance: their expansion, instances and values.

A :class:`BlockGroup` is one ``resource`` or ``data`` block of a module instance; it expands
(``count``/``for_each``) into :class:`BlockInstance` objects whose members are evaluated once,
lazily. As other expressions see it, a resource instance is a :class:`ResourceObject` holding its
configured attributes, where any other attribute (``id``, ``arn``) is an Unknown "computed by the
provider"; a data source is always Unknown, read by the provider at plan time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from scanner.parsers.terraform.body_eval import Member
from scanner.parsers.terraform.expansion import Expansion, Instance, expand
from scanner.parsers.terraform.module_loader import Declared
from scanner.parsers.terraform.scope import Lazy
from scanner.parsers.terraform.semantics import OpenObject
from scanner.parsers.terraform.syntax import Unknown

if TYPE_CHECKING:
    from scanner.parsers.terraform.module_eval import ModuleInstance

RESOURCE_META = frozenset({"count", "for_each", "provider", "depends_on"})


class ResourceObject(OpenObject):
    """A resource instance's value: its configured attributes; any other key is computed by the
    provider, so reading it gives an Unknown saying so."""

    def __init__(self, values: Mapping[str, Any], address: str) -> None:
        super().__init__(values)
        self.address = address

    def __missing__(self, key: str) -> Unknown:
        return Unknown(f"{self.address}.{key} is computed by the provider")


class ModuleOutputs(OpenObject):
    """The outputs of one instance of an expanded module call; an undeclared output is Unknown."""

    def __init__(self, values: Mapping[str, Any], address: str) -> None:
        super().__init__(values)
        self.address = address

    def __missing__(self, key: str) -> Unknown:
        return Unknown(f"{self.address} has no output '{key}'")


class DataRoot(Mapping[str, Any]):
    """``data``: every ``data.<type>.<name>`` is Unknown, read by the provider at plan time."""

    def __getitem__(self, type_name: str) -> Any:
        return _DataType(type_name)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _DataType(Mapping[str, Any]):
    """``data.<type>``: each name is an Unknown data source value."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __getitem__(self, name: str) -> Any:
        return Unknown(f"data.{self.type_name}.{name} is read by the provider at plan time")

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class BlockInstance:
    """One instance of a resource or data source, with its scope and lazily evaluated members."""

    def __init__(self, group: BlockGroup, instance: Instance) -> None:
        self.group = group
        self.instance = instance
        self.address = group.address + instance.suffix
        self.scope = group.module.scope.with_bindings(instance.bindings)
        self._members = Lazy(self._evaluate, lambda: {})

    def _evaluate(self) -> dict[str, Member]:
        """Evaluate the block body in this instance's scope."""
        evaluator = self.group.module.evaluator(self.group.declared.path)
        return evaluator.members(self.group.declared.block.body, self.scope, RESOURCE_META)

    def members(self) -> dict[str, Member]:
        """The evaluated attributes and nested block types (meta-arguments excluded)."""
        return self._members.get()  # type: ignore[no-any-return]

    def value(self) -> ResourceObject:
        """The instance as other expressions see it."""
        return ResourceObject({name: member.value for name, member in self.members().items()}, self.address)


class BlockGroup:
    """A ``resource`` or ``data`` block of a module instance, and what it expands to."""

    def __init__(self, module: ModuleInstance, declared: Declared, mode: str) -> None:
        self.module = module
        self.declared = declared
        self.mode = mode
        type_name, name = declared.block.labels
        self.local_address = f"{type_name}.{name}" if mode == "managed" else f"data.{type_name}.{name}"
        self.address = module.prefix + self.local_address
        self._expansion = Lazy(self._expand, lambda: cyclic_expansion(self.address))
        self._instances: list[BlockInstance] | None = None
        self._value = Lazy(self._compute_value, lambda: Unknown(f"{self.address} refers to itself"))

    def _expand(self) -> Expansion:
        """Evaluate count/for_each within the instance budget; errors go to the context."""
        expansion = expand(
            self.declared.block, self.module.scope, self.declared.path, self.address, self.module.ctx.options.max_instances
        )
        ctx = self.module.ctx
        ctx.errors.extend(expansion.errors)
        wanted = len(expansion.instances)
        granted = ctx.budget.grant(wanted, self.declared.path, self.declared.block.line, self.address, ctx.errors)
        expansion.instances = expansion.instances[:granted]
        return expansion

    def expansion(self) -> Expansion:
        """The count/for_each expansion (evaluated once)."""
        return self._expansion.get()  # type: ignore[no-any-return]

    def instances(self) -> list[BlockInstance]:
        """One :class:`BlockInstance` per instance of the expansion."""
        if self._instances is None:
            self._instances = [BlockInstance(self, instance) for instance in self.expansion().instances]
        return self._instances

    def value(self) -> Any:
        """``type.name`` as expressions see it."""
        return self._value.get()

    def _compute_value(self) -> Any:
        """The value of ``type.name`` (see :meth:`value`)."""
        if self.mode == "data":
            return Unknown(f"{self.address} is read by the provider at plan time")
        expansion = self.expansion()
        if expansion.unknown is not None:
            return Unknown(f"{self.address} has an unknown {expansion.mode} ({expansion.unknown.reason})")
        instances = self.instances()
        if expansion.mode == "single":
            return instances[0].value()
        if expansion.mode == "count":
            return [item.value() for item in instances]
        return {item.instance.key: item.value() for item in instances}


def cyclic_expansion(address: str) -> Expansion:
    """The expansion of a block whose count/for_each refers to the block itself."""
    return Expansion("single", [Instance(None, {}, "")], Unknown(f"the expansion of {address} refers to itself"))
