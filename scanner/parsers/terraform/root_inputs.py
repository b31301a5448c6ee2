"""The values of a root module's variables: ``terraform.tfvars``, ``*.auto.tfvars``, ``--var-file``.

Terraform applies, later winning: variable defaults, ``terraform.tfvars``,
``terraform.tfvars.json``, ``*.auto.tfvars(.json)`` in lexical order, then each ``-var-file`` in
the order given. ``--var-file`` files are read here (once per scan), from wherever the user
points, with a size limit; their problems are errors like any other file's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from scanner.model import InputError
from scanner.parsers.interface import ParseOptions
from scanner.parsers.terraform.syntax import Attribute, HclFile

FORMAT = "terraform"
MAX_VAR_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class VarFiles:
    """The parsed ``--var-file`` files of a scan, in order, and the errors reading them."""

    files: list[HclFile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def display_path(abs_path: str, root: str) -> str:
    """A path relative to the scan root with forward slashes, or the absolute path when outside."""
    try:
        relative = os.path.relpath(abs_path, root)
    except ValueError:
        return abs_path
    if relative == ".." or relative.startswith(".." + os.sep):
        return abs_path
    return relative.replace(os.sep, "/")


def read_var_files(options: ParseOptions) -> VarFiles:
    """Read and parse every ``--var-file`` of ``options``; never raises."""
    from scanner.parsers.terraform.hcl_errors import HclSyntaxError

    result = VarFiles()
    for abs_path in options.var_files:
        shown = display_path(abs_path, options.root)
        try:
            with open(abs_path, "rb") as handle:
                data = handle.read(MAX_VAR_FILE_BYTES + 1)
        except OSError as exc:
            result.errors.append(InputError(shown, None, FORMAT, f"cannot read the var file: {exc.strerror or exc}"))
            continue
        if len(data) > MAX_VAR_FILE_BYTES:
            message = f"the var file is larger than {MAX_VAR_FILE_BYTES:,} bytes; not read"
            result.errors.append(InputError(shown, None, FORMAT, message))
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            result.errors.append(InputError(shown, line, FORMAT, "the var file is not valid UTF-8"))
            continue
        try:
            result.files.append(parse_values_file(text, shown))
        except HclSyntaxError as exc:
            result.errors.append(InputError(shown, exc.line, FORMAT, exc.message))
    return result


def parse_values_file(text: str, path: str) -> HclFile:
    """Parse a ``.tfvars`` (HCL) or ``.tfvars.json`` (JSON) text; raises HclSyntaxError."""
    if path.lower().endswith(".json"):
        from scanner.parsers.terraform.json_reader import read_hcl_json

        return read_hcl_json(text, path)
    from scanner.parsers.terraform.hcl_reader import read_hcl

    return read_hcl(text, path)


def root_values(auto_tfvars: list[HclFile], var_files: list[HclFile]) -> dict[str, tuple[str, Attribute]]:
    """Variable name -> (file, attribute) that sets it, later files winning (see module doc)."""
    values: dict[str, tuple[str, Attribute]] = {}
    for hcl in [*auto_tfvars, *var_files]:
        for name, attribute in hcl.body.attributes.items():
            values[name] = (hcl.path, attribute)
    return values
