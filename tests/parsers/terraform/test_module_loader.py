"""Module directories: variables across files, tfvars and --var-file precedence, local modules,
roots, module sources, overrides and declaration errors."""

from __future__ import annotations

import pytest
from tf_repo_scan import scan

from scanner.model import unknown_value
from scanner.parsers.terraform.hcl_reader import read_hcl
from scanner.parsers.terraform.module_loader import ModuleSource, find_roots, load_module_dirs, module_source


def test_variable_defined_in_another_file_resolves() -> None:
    result = scan("cross_file")
    bucket = result.nodes["tf:aws_s3_bucket.logs"]
    assert bucket.path == "main.tf"
    assert bucket.attrs["acl"] == "private"  # var.acl: default in variables.tf
    assert result.nodes["tf:local.prefix"].attrs["value"] == "staging-from-b-auto"  # locals.tf


def test_terraform_tfvars_overrides_a_default() -> None:
    result = scan("cross_file")
    assert result.nodes["tf:var.env"].attrs["default"] == "dev"
    assert result.nodes["tf:var.env"].attrs["value"] == "staging"
    assert result.nodes["tf:aws_s3_bucket.logs"].attrs["tags"]["Env"] == "staging"


def test_auto_tfvars_apply_after_terraform_tfvars_in_lexical_order() -> None:
    result = scan("cross_file")
    # terraform.tfvars says from-tfvars, a.auto.tfvars from-a-auto, b.auto.tfvars (last) wins.
    assert result.nodes["tf:var.team"].attrs["value"] == "from-b-auto"
    assert result.nodes["tf:aws_s3_bucket.logs"].attrs["bucket"] == "staging-from-b-auto-logs"


def test_var_file_overrides_tfvars() -> None:
    result = scan("cross_file", var_files=("prod.tfvars",))
    assert result.nodes["tf:var.env"].attrs["value"] == "prod"
    assert result.nodes["tf:aws_s3_bucket.logs"].attrs["bucket"] == "prod-from-b-auto-logs"


def test_later_var_file_wins_over_earlier_one() -> None:
    result = scan("cross_file", var_files=("prod.tfvars", "later.tfvars"))
    assert result.nodes["tf:var.env"].attrs["value"] == "later"


def test_variable_without_any_value_is_unknown() -> None:
    result = scan("cross_file")
    marker = unknown_value("variable 'region' has no value")
    assert result.nodes["tf:var.region"].attrs["value"] == marker
    assert result.nodes["tf:aws_s3_bucket.logs"].attrs["tags"]["Region"] == marker
    assert result.nodes["tf:aws_s3_bucket.logs"].unknown == ["tags.Region"]
    assert result.errors == []


def test_tfvars_json_and_tf_json_are_evaluated_together() -> None:
    result = scan("json_config")
    bucket = result.nodes["tf:aws_s3_bucket.logs"]
    assert bucket.path == "main.tf.json"
    assert bucket.attrs["bucket"] == "logs-from-json-tfvars"
    assert (bucket.start_line, bucket.end_line) == (7, 10)
    assert bucket.attr_lines == {"bucket": 8, "tags": 9, "tags.Env": 9}


def test_unreadable_and_broken_var_files_are_errors() -> None:
    result = scan("bad_var_file", var_files=("broken.tfvars", "absent.tfvars"))
    assert result.messages() == [
        ("absent.tfvars", None, "cannot read the var file: No such file or directory"),
        ("broken.tfvars", 1, "unterminated string"),
    ]
    assert result.nodes["tf:var.env"].attrs["value"] == "dev"


def test_local_module_resources_carry_the_values_passed_in() -> None:
    result = scan("local_module")
    bucket = result.nodes["tf:module.bucket.aws_s3_bucket.this"]
    assert bucket.name == "module.bucket.aws_s3_bucket.this"
    assert bucket.kind == "aws_s3_bucket"
    assert bucket.path == "modules/bucket/main.tf"
    assert (bucket.start_line, bucket.end_line) == (7, 10)
    assert bucket.attr_lines == {"bucket": 8, "tags": 9}
    assert {key: value for key, value in bucket.attrs.items() if not key.startswith("__")} == {
        "bucket": "audit-prod",
        "tags": {"Owner": "security"},
    }
    assert bucket.attrs["__module"] == "module.bucket"
    assert bucket.attrs["__module_dir"] == "modules/bucket"
    assert result.nodes["tf:module.bucket.var.tags"].attrs["value"] == {"Owner": "security"}


def test_module_outputs_are_visible_to_the_caller() -> None:
    result = scan("local_module")
    assert result.nodes["tf:output.bucket_name"].attrs["value"] == "audit-prod"
    policy = result.nodes["tf:aws_s3_bucket_policy.audit"]
    assert policy.attrs["bucket"] == "audit-prod"
    assert policy.attrs["policy"] == unknown_value("module.bucket.aws_s3_bucket.this.arn is computed by the provider")
    assert policy.unknown == ["policy"]


def test_a_called_module_directory_is_not_also_a_root() -> None:
    result = scan("local_module")
    assert sorted(result.nodes) == [
        "tf:aws_s3_bucket_policy.audit",
        "tf:module.bucket",
        "tf:module.bucket.aws_s3_bucket.this",
        "tf:module.bucket.output.arn",
        "tf:module.bucket.output.name",
        "tf:module.bucket.var.name",
        "tf:module.bucket.var.tags",
        "tf:output.bucket_name",
        "tf:var.env",
    ]


def test_roots_below_the_scan_root_prefix_ids_with_their_directory() -> None:
    result = scan("nested_roots")
    assert result.nodes["tf:envs/prod:module.net.aws_vpc.this"].attrs["cidr_block"] == "10.1.0.0/16"
    assert result.nodes["tf:envs/dev:module.net.aws_vpc.this"].attrs["cidr_block"] == "10.2.0.0/16"
    assert result.nodes["tf:envs/prod:module.net.aws_vpc.this"].name == "module.net.aws_vpc.this"
    assert result.nodes["tf:envs/dev:module.net.aws_vpc.this"].path == "modules/net/main.tf"
    assert not [node_id for node_id in result.nodes if node_id.startswith("tf:modules/")]


def test_module_source_problems_are_errors_on_the_source_line() -> None:
    result = scan("module_sources")
    assert result.messages() == [
        ("app/main.tf", 2, "module 'outside' source '../../outside' is outside the scanned root; it is not loaded"),
        ("app/main.tf", 6, "module 'missing' source './nowhere' has no Terraform files in the scan"),
        ("app/main.tf", 20, "module 'computed' source must be a literal string"),
        ("modules/b/main.tf", 2, "module 'a' forms a cycle of module calls: modules/a -> modules/b -> modules/a"),
    ]
    outside = result.nodes["tf:app:module.outside"]
    assert outside.attrs["source"] == "../../outside"
    assert outside.attrs["__source_kind"] == "unloaded"


def test_module_cycle_loads_each_module_once_along_the_chain() -> None:
    result = scan("module_sources")
    assert "tf:app:module.loop.null_resource.a" in result.nodes
    assert "tf:app:module.loop.module.b.null_resource.b" in result.nodes
    assert "tf:app:module.loop.module.b.module.a" in result.nodes  # the call is a node, not loaded
    assert not [node_id for node_id in result.nodes if node_id.startswith("tf:app:module.loop.module.b.module.a.")]


def test_remote_module_is_a_node_and_its_outputs_are_unknown() -> None:
    result = scan("module_sources")
    vpc = result.nodes["tf:app:module.vpc"]
    assert vpc.kind == "terraform.module"
    assert vpc.attrs["source"] == "terraform-aws-modules/vpc/aws"
    assert vpc.attrs["version"] == "5.1.0"
    assert vpc.attrs["name"] == "main"
    assert vpc.attrs["__source_kind"] == "remote"
    assert result.nodes["tf:app:output.vpc_id"].attrs["value"] == unknown_value(
        "module.vpc comes from the remote source 'terraform-aws-modules/vpc/aws', which is not fetched"
    )


def test_module_depth_is_limited() -> None:
    result = scan("module_depth", max_module_depth=2)
    assert result.messages() == [("m2/main.tf", 2, "module 'three' is nested more than 2 levels deep; it is not loaded")]
    assert "tf:module.one.module.two.null_resource.two" in result.nodes
    assert "tf:module.one.module.two.module.three.null_resource.three" not in result.nodes
    deep = scan("module_depth", max_module_depth=3)
    assert deep.errors == []
    assert "tf:module.one.module.two.module.three.null_resource.three" in deep.nodes


def test_duplicate_declarations_are_errors_on_the_second_block() -> None:
    result = scan("duplicates")
    assert result.messages() == [
        ("other.tf", 1, "duplicate resource 'aws_s3_bucket.logs' (first defined at main.tf:3)"),
        ("other.tf", 5, "duplicate variable 'env' (first defined at main.tf:7)"),
    ]
    assert result.nodes["tf:aws_s3_bucket.logs"].attrs["bucket"] == "first"


def test_local_referring_to_itself_is_an_error_and_unknown() -> None:
    result = scan("local_cycle")
    assert result.messages() == [
        ("main.tf", 2, "local 'a' refers to itself"),
        ("main.tf", 4, "local 'self' refers to itself"),
    ]
    assert result.nodes["tf:local.self"].attrs["value"] == unknown_value("local 'self' refers to itself")
    assert result.nodes["tf:local.b"].unknown == ["value"]
    assert result.nodes["tf:local.after"].attrs["value"] == "ok"


def test_override_files_merge_into_the_block_they_override() -> None:
    result = scan("overrides")
    site = result.nodes["tf:aws_s3_bucket.site"]
    assert site.path == "main.tf"
    assert {key: value for key, value in site.attrs.items() if not key.startswith("__")} == {
        "bucket": "site",
        "acl": "private",
        "versioning": [{"enabled": True}],
    }
    # replaced attributes are written in the override file: they point at the block's line
    assert site.attr_lines == {"bucket": 2, "acl": 1, "versioning[0]": 1, "versioning[0].enabled": 1}
    assert result.nodes["tf:local.env"].attrs["value"] == "prod"
    assert result.messages() == [
        ("main_override.tf", 13, 'override block resource "aws_s3_bucket" "ghost" has no matching block to override')
    ]


def _module_block(text: str):
    return read_hcl(text, "envs/prod/main.tf").body.blocks[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("./modules/web", ModuleSource("./modules/web", is_local=True, dir="envs/prod/modules/web")),
        ("../../modules/web", ModuleSource("../../modules/web", is_local=True, dir="modules/web")),
        ("../../", ModuleSource("../../", is_local=True, dir=".")),
        ("../../../x", ModuleSource("../../../x", is_local=True, escapes_root=True)),
        ("hashicorp/consul/aws", ModuleSource("hashicorp/consul/aws", is_local=False)),
        ("git::https://example.com/vpc.git//sub?ref=v1", ModuleSource("git::https://example.com/vpc.git//sub?ref=v1", is_local=False)),
    ],
)
def test_module_source_resolution(source: str, expected: ModuleSource) -> None:
    block = _module_block(f'module "m" {{\n  source = "{source}"\n}}\n')
    assert module_source("envs/prod", block) == expected


def test_roots_exclude_called_directories_but_keep_pure_cycles() -> None:
    def hcl(path: str, text: str):
        return read_hcl(text, path)

    dirs = load_module_dirs(
        [
            hcl("live/main.tf", 'module "a" {\n  source = "../lib/a"\n}\n'),
            hcl("lib/a/main.tf", 'resource "null_resource" "a" {}\n'),
            hcl("ring/x/main.tf", 'module "y" {\n  source = "../y"\n}\n'),
            hcl("ring/y/main.tf", 'module "x" {\n  source = "../x"\n}\n'),
        ],
        [],
    )
    assert find_roots(dirs) == ["live", "ring/x"]


def test_blocks_with_the_wrong_number_of_labels_are_errors() -> None:
    result = scan("bad_labels")
    assert result.messages() == [
        ("main.tf", 1, "a resource block needs 2 labels (a type and a name), found 1"),
        ("main.tf", 5, "a variable block needs 1 label (a name), found 2"),
    ]
    assert sorted(result.nodes) == ["tf:aws_s3_bucket.fine"]
