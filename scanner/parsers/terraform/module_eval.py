"""Evaluate one module instance: variables, locals, resources, data sources, module calls, outputs.

A :class:`ModuleInstance` is a module directory evaluated with one set of inputs (a root module
with its tfvars and ``--var-file`` values, or a local module called with arguments). Everything
is lazy (:class:`~.scope.Lazy`): a value is computed the first time an expression or the node
builder asks for it, so declarations may refer to each other across files in any order. A
local that needs itself is reported once; any other cycle just gives an Unknown.

Expressions see ``var``, ``local``, ``module``, ``data``, resource types, ``path`` and
``terraform`` (see :meth:`ModuleInstance.root_value`). A resource's value holds its configured
attributes; anything else (``id``, ``arn``) is Unknown "computed by the provider". A data source
is always Unknown. A module call's value is its child's outputs, Unknown for remote sources.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from scanner.model import InputError
from scanner.parsers.interface import ParseOptions
from scanner.parsers.terraform.body_eval import BodyEvaluator
from scanner.parsers.terraform.expansion import Budget, Expansion, Instance, expand
from scanner.parsers.terraform.module_loader import Declared, ModuleDir, ModuleSource, module_source
from scanner.parsers.terraform.providers import providers_argument
from scanner.parsers.terraform.resource_eval import BlockGroup, DataRoot, ModuleOutputs, cyclic_expansion
from scanner.parsers.terraform.scope import Lazy, LazyObject, ModuleScope, StaticScope
from scanner.parsers.terraform.syntax import Attribute, Unknown

FORMAT = "terraform"
#: Resource, data source and dynamic block instances one root evaluation may create.
MAX_BLOCK_INSTANCES = 200_000
MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


@dataclass
class EvalContext:
    """What every module instance of one root evaluation shares.

    ``root_dir`` is the root module's directory; ``root_values`` the root variables set by tfvars
    and ``--var-file`` files (later files already applied over earlier ones), each with the file
    it came from; ``errors`` collects problems (deduplicated by the caller).
    """

    dirs: dict[str, ModuleDir]
    options: ParseOptions
    root_dir: str
    root_values: dict[str, tuple[str, Attribute]] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    max_module_instances: int = 10_000
    module_instances: int = 0
    budget: Budget = field(default_factory=lambda: Budget(MAX_BLOCK_INSTANCES))


class ModuleCall:
    """A ``module`` block of a module instance: its source, expansion and child instances."""

    def __init__(self, module: ModuleInstance, name: str, declared: Declared) -> None:
        self.module = module
        self.name = name
        self.declared = declared
        self.local_address = f"module.{name}"
        self.address = module.prefix + self.local_address
        self.source = module_source(module.mdir.dir, declared.block)
        self.status, error = self._check_source()
        if error is not None:
            module.ctx.errors.append(error)
        self._expansion = Lazy(self._expand, lambda: cyclic_expansion(self.address))
        self._children: list[tuple[Instance, ModuleInstance | None]] | None = None
        self._value = Lazy(self._compute_value, lambda: Unknown(f"{self.address} refers to itself"))

    def _check_source(self) -> tuple[str, InputError | None]:
        """("local" | "remote" | "unloaded", the error that stops loading it)."""
        block, path = self.declared.block, self.declared.path
        source_attr = block.body.attributes.get("source")
        line = source_attr.line if source_attr is not None else block.line
        source = self.source
        if source is None:
            return "unloaded", InputError(path, line, FORMAT, f"module '{self.name}' has no source")
        if isinstance(source, Unknown):
            return "unloaded", InputError(path, line, FORMAT, f"module '{self.name}' source must be a literal string")
        if not source.is_local:
            return "remote", None
        if source.escapes_root or source.dir is None:
            message = f"module '{self.name}' source '{source.text}' is outside the scanned root; it is not loaded"
            return "unloaded", InputError(path, line, FORMAT, message)
        if source.dir not in self.module.ctx.dirs:
            message = f"module '{self.name}' source '{source.text}' has no Terraform files in the scan"
            return "unloaded", InputError(path, line, FORMAT, message)
        if source.dir in self.module.stack:
            chain = " -> ".join((*self.module.stack[self.module.stack.index(source.dir) :], source.dir))
            return "unloaded", InputError(path, line, FORMAT, f"module '{self.name}' forms a cycle of module calls: {chain}")
        limit = self.module.ctx.options.max_module_depth
        if self.module.depth + 1 > limit:
            message = f"module '{self.name}' is nested more than {limit} levels deep; it is not loaded"
            return "unloaded", InputError(path, line, FORMAT, message)
        return "local", None

    def _expand(self) -> Expansion:
        """Evaluate the call's count/for_each; its errors go to the context."""
        expansion = expand(
            self.declared.block, self.module.scope, self.declared.path, self.address, self.module.ctx.options.max_instances
        )
        self.module.ctx.errors.extend(expansion.errors)
        return expansion

    def expansion(self) -> Expansion:
        """The count/for_each expansion of the call."""
        return self._expansion.get()  # type: ignore[no-any-return]

    def children(self) -> list[tuple[Instance, ModuleInstance | None]]:
        """Each instance of the call with its loaded child module (None unless loaded locally)."""
        if self._children is None:
            self._children = [(instance, self._load(instance)) for instance in self.expansion().instances]
        return self._children

    def _load(self, instance: Instance) -> ModuleInstance | None:
        """The child module instance for one instance of the call, or None when not loaded."""
        if self.status != "local":
            return None
        assert isinstance(self.source, ModuleSource) and self.source.dir is not None
        ctx = self.module.ctx
        if ctx.module_instances >= ctx.max_module_instances:
            message = (
                f"module '{self.name}' is not loaded: the configuration creates more than "
                f"{ctx.max_module_instances:,} module instances"
            )
            ctx.errors.append(InputError(self.declared.path, self.declared.block.line, FORMAT, message))
            return None
        ctx.module_instances += 1
        scope = self.module.scope.with_bindings(instance.bindings)
        inputs = {
            name: Lazy(_evaluator(attribute, scope), _input_cycle(self.address, name))
            for name, attribute in self.declared.block.body.attributes.items()
            if name not in MODULE_META
        }
        return ModuleInstance(
            self.module.ctx,
            self.module.ctx.dirs[self.source.dir],
            module_address=self.address + instance.suffix,
            depth=self.module.depth + 1,
            stack=(*self.module.stack, self.source.dir),
            inputs=inputs,
            providers=self.module.child_providers(self.declared),
        )

    def value(self) -> Any:
        """``module.<name>`` as expressions see it: the child's outputs."""
        return self._value.get()

    def _compute_value(self) -> Any:
        """The value of ``module.<name>`` (see :meth:`value`)."""
        if self.status == "remote":
            assert isinstance(self.source, ModuleSource)
            return Unknown(f"{self.address} comes from the remote source '{self.source.text}', which is not fetched")
        if self.status != "local":
            return Unknown(f"{self.address} was not loaded")
        expansion = self.expansion()
        if expansion.unknown is not None:
            return Unknown(f"{self.address} has an unknown {expansion.mode} ({expansion.unknown.reason})")
        children = self.children()
        if expansion.mode == "single":
            return children[0][1].outputs_object() if children[0][1] else Unknown(f"{self.address} was not loaded")
        if expansion.mode == "count":
            return [child.outputs_value() if child else None for _, child in children]
        return {instance.key: child.outputs_value() if child else None for instance, child in children}


def _evaluator(attribute: Attribute, scope: ModuleScope) -> Any:
    """A thunk evaluating ``attribute`` in ``scope``."""
    return lambda: attribute.expr.evaluate(scope)


def _input_cycle(address: str, name: str) -> Any:
    """The cycle fallback of a module input."""
    return lambda: Unknown(f"the input '{name}' of {address} refers to itself")


class ModuleInstance:
    """One module directory evaluated with one set of inputs (see the module docstring).

    ``module_address`` is "" for a root, else ``module.web`` / ``module.web[0]`` (nested ones
    chained); ``inputs`` are a called module's arguments (None for a root module, whose variables
    come from tfvars); ``providers`` maps provider references (``aws``, ``aws.west``) to the
    address of the provider configuration they resolve to.
    """

    def __init__(
        self,
        ctx: EvalContext,
        mdir: ModuleDir,
        module_address: str = "",
        depth: int = 0,
        stack: tuple[str, ...] = (),
        inputs: dict[str, Lazy] | None = None,
        providers: dict[str, str] | None = None,
    ) -> None:
        self.ctx = ctx
        self.mdir = mdir
        self.module_address = module_address
        self.prefix = f"{module_address}." if module_address else ""
        self.depth = depth
        self.stack = stack or (mdir.dir,)
        self.inputs = inputs
        self.scope = ModuleScope(self)
        self._evaluators: dict[str, BodyEvaluator] = {}
        self.providers = dict(providers or {})
        for (name, alias) in mdir.providers:
            reference = name if alias is None else f"{name}.{alias}"
            self.providers[reference] = f"{self.prefix}provider.{reference}"
        self.variables = {name: Lazy(self._variable_thunk(name), _cycle(f"variable '{name}'")) for name in mdir.variables}
        self.locals = {name: Lazy(self._local_thunk(name), self._local_cycle(name)) for name in mdir.locals}
        self.outputs = {name: Lazy(self._output_thunk(name), _cycle(f"output '{name}'")) for name in mdir.outputs}
        self.resources = {key: BlockGroup(self, declared, "managed") for key, declared in mdir.resources.items()}
        self.data = {key: BlockGroup(self, declared, "data") for key, declared in mdir.data.items()}
        self.calls = {name: ModuleCall(self, name, declared) for name, declared in sorted(mdir.modules.items())}
        self._by_type: dict[str, dict[str, BlockGroup]] = {}
        for (type_name, name), group in self.resources.items():
            self._by_type.setdefault(type_name, {})[name] = group
        self._roots: dict[str, Any] = {}

    def evaluator(self, path: str) -> BodyEvaluator:
        """The body evaluator for blocks of file ``path``."""
        evaluator = self._evaluators.get(path)
        if evaluator is None:
            evaluator = self._evaluators[path] = BodyEvaluator(path, self.ctx.options.max_instances, self.ctx.errors, self.ctx.budget)
        return evaluator

    def root_value(self, name: str) -> Any:
        """The value of a root name of an expression (see the module docstring)."""
        cached = self._roots.get(name)
        if cached is not None:
            return cached
        value = self._make_root(name)
        self._roots[name] = value
        return value

    def _make_root(self, name: str) -> Any:
        """Build the value of root name ``name`` (cached by :meth:`root_value`)."""
        if name == "var":
            return LazyObject(self.variables, lambda key: Unknown(f"variable '{key}' is not declared"))
        if name == "local":
            return LazyObject(self.locals, lambda key: Unknown(f"local '{key}' is not declared"))
        if name == "module":
            members = {call_name: Lazy(call.value, _cycle(call.address)) for call_name, call in self.calls.items()}
            return LazyObject(members, lambda key: Unknown(f"module '{key}' is not declared"))
        if name == "data":
            return DataRoot()
        if name == "path":
            relative = posixpath.relpath(self.mdir.dir, self.ctx.root_dir)
            return {"module": relative, "root": ".", "cwd": Unknown("path.cwd is the directory terraform runs in")}
        if name == "terraform":
            return {"workspace": Unknown("terraform.workspace depends on the selected workspace")}
        if name == "self":
            return Unknown("self is only available in provisioner and connection blocks")
        groups = self._by_type.get(name)
        if groups is not None:
            members = {group_name: Lazy(group.value, _cycle(group.address)) for group_name, group in groups.items()}
            return LazyObject(members, lambda key: Unknown(f"resource '{name}.{key}' is not declared"))
        return Unknown(f"'{name}' is not declared")

    def root_names(self) -> list[str]:
        """Every root name with a value."""
        return ["var", "local", "module", "data", "path", "terraform", *sorted(self._by_type)]

    def _variable_thunk(self, name: str) -> Any:
        """How to compute variable ``name``: the caller's input, tfvars, the default, else Unknown."""
        def compute() -> Any:
            if self.inputs is not None and name in self.inputs:
                return self.inputs[name].get()
            if self.inputs is None and name in self.ctx.root_values:
                return self.ctx.root_values[name][1].expr.evaluate(StaticScope("a .tfvars file holds values only"))
            default = self.mdir.variables[name].block.body.attributes.get("default")
            if default is not None:
                return default.expr.evaluate(StaticScope("a variable default must be a literal value"))
            return Unknown(f"variable '{name}' has no value")

        return compute

    def _local_thunk(self, name: str) -> Any:
        """How to compute local ``name`` in this module's scope."""
        declared = self.mdir.locals[name]
        return lambda: declared.attribute.expr.evaluate(self.scope)

    def _local_cycle(self, name: str) -> Any:
        """What a local that needs itself gives: an error (once) and an Unknown."""
        declared = self.mdir.locals[name]

        def on_cycle() -> Unknown:
            message = f"local '{name}' refers to itself"
            self.ctx.errors.append(InputError(declared.path, declared.attribute.line, FORMAT, message))
            return Unknown(message)

        return on_cycle

    def _output_thunk(self, name: str) -> Any:
        """How to compute output ``name`` in this module's scope."""
        declared = self.mdir.outputs[name]

        def compute() -> Any:
            attribute = declared.block.body.attributes.get("value")
            return attribute.expr.evaluate(self.scope) if attribute is not None else None

        return compute

    def outputs_object(self) -> LazyObject:
        """This instance's outputs as ``module.<name>`` shows them, each evaluated on first use."""
        where = self.module_address
        return LazyObject(self.outputs, lambda key: Unknown(f"{where} has no output '{key}'"))

    def outputs_value(self) -> ModuleOutputs:
        """This instance's outputs, all evaluated, as an element of an expanded module's list or map."""
        return ModuleOutputs({name: lazy.get() for name, lazy in self.outputs.items()}, self.module_address)

    def child_providers(self, declared: Declared) -> dict[str, str]:
        """The provider configurations a module call passes on: the default (unaliased) ones
        implicitly, plus the ``providers = { child = parent }`` map."""
        passed = {reference: address for reference, address in self.providers.items() if "." not in reference}
        for child_ref, parent_ref in providers_argument(declared.block):
            if parent_ref in self.providers:
                passed[child_ref] = self.providers[parent_ref]
        return passed


def _cycle(what: str) -> Any:
    """A cycle fallback naming ``what``."""
    return lambda: Unknown(f"{what} refers to itself")
