"""The parser registry: which module parses which format, loaded lazily.

``FORMATS`` lists the format modules (each follows ``scanner/parsers/interface.py``) in the order
their ``assemble`` steps run. ``route`` picks the format for a discovered file, looking at the
content only where the name cannot decide (a ``.json`` Terraform plan versus Kubernetes JSON).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from types import ModuleType

from scanner.model import SourceFile

#: format name -> module implementing the parser contract.
FORMATS: dict[str, str] = {
    "terraform": "scanner.parsers.terraform.parser",
    "kubernetes": "scanner.parsers.kubernetes.parser",
    "dockerfile": "scanner.parsers.dockerfile.parser",
    "buildconfig": "scanner.parsers.buildconfig.parser",
}

_MODULES: dict[str, ModuleType] = {}


def parser_for(format_name: str) -> ModuleType:
    """Import (once) and return the parser module of ``format_name``."""
    module = _MODULES.get(format_name)
    if module is None:
        module = importlib.import_module(FORMATS[format_name])
        _MODULES[format_name] = module
    return module


def route(source: SourceFile, text: str) -> tuple[str, SourceFile]:
    """Return the format that parses ``source`` and the source with its final hint.

    Terraform and Dockerfile hints map to their parsers. A structured file named like a build
    manifest (``docker-compose*.yml``, ``compose*.yaml``, ``skaffold.yaml``, ``Chart.yaml``: see
    ``scanner/parsers/buildconfig/names.py``) goes to "buildconfig". Any other structured file goes to
    Kubernetes, except a JSON object holding ``format_version`` and ``planned_values`` (``terraform
    show -json``), which goes to Terraform with the hint "terraform-plan".
    """
    if source.hint in ("terraform", "dockerfile"):
        return source.hint, source
    from scanner.parsers.buildconfig.names import manifest_type

    if manifest_type(source.path) is not None:
        return "buildconfig", source
    if source.path.lower().endswith(".json") and _looks_like_plan(text):
        return "terraform", replace(source, hint="terraform-plan")
    return "kubernetes", source


def _looks_like_plan(text: str) -> bool:
    """True for the JSON of ``terraform show -json`` (an object with the plan's top-level keys)."""
    if '"planned_values"' not in text or '"format_version"' not in text:
        return False
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and "format_version" in value and "planned_values" in value
