"""Terraform module directories for the synthetic repository: root stacks and local modules.

A root stack is 5-10 files (``variables.tf``, ``main.tf``, ``versions.tf``, ``locals.tf``,
``outputs.tf``, ``terraform.tfvars`` and per-concern resource files); a local module is 5 files
called from a stack with ``source = "../../modules/<name>"``. Files are filled block by block up
to a target size between 1.4 and 3.6 KB and never past 4 KB, like hand-written Terraform.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from repo_synth import aws, azure, gcp
from repo_synth.tf_context import TfDir

CLOUDS: dict[str, ModuleType] = {"aws": aws, "azure": azure, "gcp": gcp}
MAX_FILE_BYTES = 4000

#: Order in which a stack's files are created; a stack of k files keeps the first k.
STACK_CORE_FILES = ("variables.tf", "main.tf", "versions.tf", "locals.tf", "outputs.tf", "terraform.tfvars")
MODULE_FILES = ("variables.tf", "main.tf", "outputs.tf", "versions.tf", "locals.tf")

_COMMON_VARIABLES = {
    "project": ("string", None),
    "environment": ("string", '"dev"'),
    "tags": ("map(string)", "{}"),
}
_PROVIDER_VERSIONS = {"aws": '"~> 5.40"', "azurerm": '"~> 3.110"', "google": '"~> 5.30"'}
_PROVIDER_SOURCES = {"aws": "hashicorp/aws", "azurerm": "hashicorp/azurerm", "google": "hashicorp/google"}


@dataclass(frozen=True)
class ModuleRef:
    """A local module a stack calls: its directory name, cloud and concern (group)."""

    name: str
    cloud: str
    group: str


def module_files(rng: random.Random, module: ModuleRef) -> dict[str, str]:
    """The five files of a local module that manages one concern (``module.group``)."""
    cloud = CLOUDS[module.cloud]
    d = TfDir(rng=rng, cloud=module.cloud, prefix="var.name", tags="local.tags")
    d.export("name", "var.name", "Name prefix the module was called with.")
    d.export("tags", "local.tags", "Tags applied to every resource of the module.")
    variables = {"name": ("string", None), "tags": ("map(string)", "{}"), **cloud.VARIABLES}
    main = _fill(d, [cloud.GROUPS[module.group]], rng.randint(1800, 3600))
    files = {
        "variables.tf": _variables_tf(variables),
        "main.tf": main,
        "outputs.tf": _outputs_tf(d),
        "versions.tf": _versions_tf(cloud.PROVIDER, backend=None, provider_block=False),
        "locals.tf": _module_locals_tf(module),
    }
    return {name: files[name] for name in MODULE_FILES}


def stack_files(rng: random.Random, stack: str, cloud_name: str, count: int,
                module: ModuleRef | None = None) -> dict[str, str]:
    """``count`` files (1-10) of a root stack named ``stack``, optionally calling ``module``."""
    cloud = CLOUDS[cloud_name]
    d = TfDir(rng=rng, cloud=cloud_name)
    groups = list(cloud.GROUPS)
    rng.shuffle(groups)
    main_group, extra_groups = groups[0], groups[1:]
    names = (list(STACK_CORE_FILES) + [f"{g}.tf" for g in extra_groups])[:count]

    bodies: dict[str, str] = {}
    data_sources = "\n".join(rng.sample(cloud.DATA_SOURCES, k=min(2, len(cloud.DATA_SOURCES))))
    module_call = _module_call(rng, module) if module else ""
    main_target = rng.randint(1400, 3600) - len(data_sources) - len(module_call)
    bodies["main.tf"] = data_sources + "\n" + module_call + _fill(d, [cloud.GROUPS[main_group]], main_target)
    for group in extra_groups:
        if f"{group}.tf" in names:
            bodies[f"{group}.tf"] = _fill(d, [cloud.GROUPS[group]], rng.randint(1400, 3600))
    variables = {**_COMMON_VARIABLES, **cloud.VARIABLES}
    bodies["variables.tf"] = _variables_tf(variables)
    bodies["versions.tf"] = _versions_tf(cloud.PROVIDER, backend=_backend(cloud_name, stack), provider_block=True)
    bodies["locals.tf"] = _stack_locals_tf(stack)
    if module:
        d.export(f"{module.group}_module", f"module.{module.group}", f"Outputs of the {module.group} module.")
    bodies["outputs.tf"] = _outputs_tf(d)
    bodies["terraform.tfvars"] = _tfvars(rng, stack, cloud_name, variables)
    return {name: bodies[name] for name in names}


def _fill(d: TfDir, groups: list[Callable[[TfDir], list[str]]], target: int) -> str:
    """Blocks from ``groups`` (called again as needed) until ``target`` bytes, never over the cap."""
    parts: list[str] = []
    size = 0
    for _ in range(6):
        for group in groups:
            for block in group(d):
                if parts and size + len(block) + 1 > MAX_FILE_BYTES:
                    return "\n".join(parts)
                parts.append(block)
                size += len(block) + 1
                if size >= target:
                    return "\n".join(parts)
    return "\n".join(parts)


def _variables_tf(variables: dict[str, tuple[str, str | None]]) -> str:
    blocks = []
    for name, (type_expr, default) in variables.items():
        lines = [f'variable "{name}" {{', f'  description = "{name.replace("_", " ").capitalize()}."',
                 f"  type        = {type_expr}"]
        if default is not None:
            lines.append(f"  default     = {default}")
        lines.append("}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _versions_tf(provider: str, backend: str | None, provider_block: bool) -> str:
    text = (
        "terraform {\n  required_version = \">= 1.5.0\"\n\n  required_providers {\n"
        f"    {provider} = {{\n      source  = \"{_PROVIDER_SOURCES[provider]}\"\n"
        f"      version = {_PROVIDER_VERSIONS[provider]}\n    }}\n"
        "    random = {\n      source  = \"hashicorp/random\"\n      version = \"~> 3.6\"\n    }\n  }\n"
    )
    if backend:
        text += "\n" + backend
    text += "}\n"
    if provider_block:
        if provider == "aws":
            text += ('\nprovider "aws" {\n  region = var.region\n\n  default_tags {\n    tags = local.common_tags\n'
                     '  }\n}\n\nprovider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n')
        elif provider == "azurerm":
            text += ('\nprovider "azurerm" {\n  features {\n    key_vault {\n      purge_soft_delete_on_destroy = false\n'
                     "    }\n  }\n}\n")
        else:
            text += '\nprovider "google" {\n  project = var.project_id\n  region  = var.region\n}\n'
    return text


def _backend(cloud: str, stack: str) -> str:
    if cloud == "aws":
        return (f'  backend "s3" {{\n    bucket         = "acme-terraform-state"\n    key            = "{stack}/terraform.tfstate"\n'
                '    region         = "eu-west-1"\n    dynamodb_table = "terraform-locks"\n    encrypt        = true\n  }\n')
    if cloud == "azure":
        return (f'  backend "azurerm" {{\n    resource_group_name  = "rg-terraform-state"\n'
                f'    storage_account_name = "acmetfstate"\n    container_name       = "tfstate"\n'
                f'    key                  = "{stack}.tfstate"\n  }}\n')
    return f'  backend "gcs" {{\n    bucket = "acme-terraform-state"\n    prefix = "{stack}"\n  }}\n'


def _stack_locals_tf(stack: str) -> str:
    return (
        "locals {\n"
        '  name_prefix = "${var.project}-${var.environment}"\n'
        '  is_prod     = var.environment == "prod"\n\n'
        "  common_tags = merge(var.tags, {\n    Project     = var.project\n    Environment = var.environment\n"
        f'    ManagedBy   = "terraform"\n    Stack       = "{stack}"\n  }})\n\n'
        "  env_settings = {\n    dev  = { replicas = 1, alarms = false, retention = 7 }\n"
        "    prod = { replicas = 3, alarms = true, retention = 90 }\n  }\n"
        '  settings = lookup(local.env_settings, var.environment, local.env_settings["dev"])\n\n'
        '  services     = toset(["api", "worker", "web"])\n'
        '  bucket_names = [for s in local.services : format("%s-%s", local.name_prefix, s)]\n'
        '  owner        = coalesce(lookup(var.tags, "owner", null), "platform")\n'
        '  replicas     = local.is_prod ? max(local.settings.replicas, 2) : 1\n\n'
        "  # Naming convention shared with the other stacks of the team.\n"
        "  names = {\n"
        '    for role in ["app", "data", "logs", "backup"] :\n'
        '    role => lower(join("-", compact([var.project, var.environment, role])))\n'
        "  }\n\n"
        "  maintenance_window = {\n"
        '    day   = local.is_prod ? "sun" : "sat"\n'
        '    hour  = 3\n'
        '    zone  = "UTC"\n'
        "  }\n"
        "}\n"
    )


def _module_locals_tf(module: ModuleRef) -> str:
    return (
        "locals {\n  tags = merge(var.tags, {\n"
        f'    Module = "{module.name}"\n    Name   = var.name\n  }})\n\n'
        '  short_name = substr(replace(lower(var.name), "_", "-"), 0, 24)\n'
        '  suffixes   = [for i in range(3) : format("%s-%02d", local.short_name, i)]\n\n'
        "  # Values callers cannot override.\n"
        '  managed_by = "terraform"\n'
        '  label_keys = sort(keys(local.tags))\n'
        '  is_prod    = lookup(var.tags, "Environment", "") == "prod"\n}\n'
    )


def _module_call(rng: random.Random, module: ModuleRef) -> str:
    lines = [f'module "{module.group}" {{', f'  source = "../../modules/{module.name}"']
    if rng.random() < 0.3:
        lines += ['  for_each = toset(["blue", "green"])', "",
                  f'  name = "${{local.name_prefix}}-{module.group}-${{each.key}}"']
    else:
        lines += ["", f'  name = "${{local.name_prefix}}-{module.group}"']
    lines.append("  tags = local.common_tags")
    if module.cloud == "azure":
        lines.append("  resource_group_name = var.resource_group_name")
    if module.cloud == "gcp":
        lines.append("  project_id = var.project_id")
    lines.append("}")
    return "\n".join(lines) + "\n\n"


def _outputs_tf(d: TfDir) -> str:
    if d.prefix == "local.name_prefix":
        d.export("name_prefix", "local.name_prefix", "Prefix of every resource name.")
        d.export("common_tags", "local.common_tags", "Tags applied to every resource.")
    blocks = []
    for name, expression, description in d.outputs:
        blocks.append(f'output "{name}" {{\n  description = "{description}"\n  value       = {expression}\n}}\n')
    return "\n".join(blocks)


def _tfvars(rng: random.Random, stack: str, cloud: str, variables: dict[str, tuple[str, str | None]]) -> str:
    project = stack.split("-")[0]
    environment = rng.choice(("dev", "staging", "prod"))
    pairs = [("project", f'"{project}"'), ("environment", f'"{environment}"')]
    if cloud == "azure":
        pairs.append(("resource_group_name", f'"rg-{stack}-{environment}"'))
    if cloud == "gcp":
        pairs.append(("project_id", f'"acme-{stack}-{environment}"'))
    overridable = [name for name, (type_expr, default) in variables.items()
                   if default is not None and type_expr in ("string", "number", "bool") and name != "environment"]
    for name in sorted(rng.sample(overridable, k=min(6, len(overridable)))):
        pairs.append((name, str(variables[name][1])))
    width = max(len(name) for name, _ in pairs)
    lines = [f"{name.ljust(width)} = {value}" for name, value in pairs]
    lines += ["", "tags = {", f'  owner       = "team-{project}"', f'  cost-center = "cc-{rng.randint(1000, 9999)}"', "}"]
    return "\n".join(lines) + "\n"
