"""The fixture corpus is what fixtures/README.md says it is.

These tests pin the inputs, not bastion's behaviour on them (the scanner's own tests do that):
each malformed file has exactly its one defect, at the documented line, as the underlying
libraries see it; the hostile-file helper makes what it promises without holding 50 MiB in
memory; the example repository holds the resources and mistakes its README lists.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import tracemalloc
from pathlib import Path
from types import ModuleType
from typing import Any

import dockerfile
import hcl2
import pytest
import yaml
from hcl2 import SerializationOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MALFORMED = FIXTURES / "malformed"
EXAMPLE = FIXTURES / "example"
PLAIN = SerializationOptions(strip_string_quotes=True, explicit_blocks=False, with_comments=False,
                             preserve_heredocs=False)

MALFORMED_FILES = {
    "alias-bomb.yaml", "binary.yaml", "broken.tf", "broken.yaml", "invalid-utf8.tf", "make_hostile.py",
    "unterminated-heredoc.Dockerfile", "unterminated-heredoc.tf", "valid-deployment.yaml",
}


def load_make_hostile() -> ModuleType:
    """Import fixtures/malformed/make_hostile.py by path, without writing __pycache__ into the corpus."""
    spec = importlib.util.spec_from_file_location("make_hostile", MALFORMED / "make_hostile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    previous, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = previous
    return module


def terraform(path: Path) -> dict[str, Any]:
    """A Terraform file as plain dicts (quotes stripped, blocks as lists)."""
    return hcl2.loads(path.read_text(encoding="utf-8"), serialization_options=PLAIN)


# --- fixtures/malformed -------------------------------------------------------------------------


def test_malformed_dir_holds_exactly_the_documented_files() -> None:
    assert {p.name for p in MALFORMED.iterdir() if p.name != "__pycache__"} == MALFORMED_FILES
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in MALFORMED_FILES | {"huge.yaml", "loop/a", "escape"}:
        assert f"`{name}`" in readme, f"fixtures/README.md does not describe {name}"


def test_broken_tf_is_an_unclosed_block_reported_at_end_of_file() -> None:
    text = (MALFORMED / "broken.tf").read_text(encoding="utf-8")
    with pytest.raises(Exception) as caught:
        hcl2.parses(text)
    assert type(caught.value).__name__ == "UnexpectedToken"
    assert caught.value.line == 12  # type: ignore[attr-defined]
    assert "RBRACE" in str(caught.value)
    hcl2.parses(text + "}\n")  # closing the resource block is the whole fix


def test_unterminated_heredoc_tf_fails_at_the_heredoc_line() -> None:
    text = (MALFORMED / "unterminated-heredoc.tf").read_text(encoding="utf-8")
    with pytest.raises(Exception) as caught:
        hcl2.parses(text)
    assert caught.value.line == 4  # type: ignore[attr-defined]
    assert "<<EOT" in text.splitlines()[3]
    hcl2.parses(text + "EOT\n}\n")  # the closing marker and brace are all that is missing


def test_invalid_utf8_tf_breaks_only_in_its_encoding() -> None:
    raw = (MALFORMED / "invalid-utf8.tf").read_bytes()
    with pytest.raises(UnicodeDecodeError) as caught:
        raw.decode("utf-8")
    assert raw[: caught.value.start].count(b"\n") + 1 == 3
    assert raw[caught.value.start] == 0xE9  # Latin-1 "é"
    parsed = hcl2.loads(raw.decode("latin-1"), serialization_options=PLAIN)
    assert parsed["variable"][0]["greeting"]["default"] == "Café crème"


def test_broken_yaml_has_a_mapping_error_on_line_9() -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(yaml.safe_load_all((MALFORMED / "broken.yaml").read_text(encoding="utf-8")))
    assert caught.value.problem == "mapping values are not allowed here"
    assert caught.value.problem_mark.line + 1 == 9


def test_binary_yaml_is_binary() -> None:
    raw = (MALFORMED / "binary.yaml").read_bytes()
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"\x00" in raw
    assert 200 <= len(raw) <= 1024
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def _expanded_leaves(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many scalars ``node`` stands for once every alias is copied out."""
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.ScalarNode):
        count = 1
    elif isinstance(node, yaml.SequenceNode):
        count = sum(_expanded_leaves(item, memo) for item in node.value)
    else:
        count = sum(_expanded_leaves(k, memo) + _expanded_leaves(v, memo) for k, v in node.value)
    memo[id(node)] = count
    return count


def test_alias_bomb_is_a_small_configmap_that_expands_to_hundreds_of_millions() -> None:
    raw = (MALFORMED / "alias-bomb.yaml").read_bytes()
    assert len(raw) < 1024
    root = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)  # composing shares nodes: cheap
    top = {key.value: value for key, value in root.value}
    assert top["kind"].value == "ConfigMap"
    data = {key.value: value for key, value in top["data"].value}
    assert sorted(data) == list("abcdefghi")
    assert _expanded_leaves(data["i"], {}) == 9**9


def test_unterminated_heredoc_dockerfile_is_rejected_by_buildkit_parser() -> None:
    text = (MALFORMED / "unterminated-heredoc.Dockerfile").read_text(encoding="utf-8")
    with pytest.raises(dockerfile.GoParseError, match="unterminated heredoc"):
        dockerfile.parse_string(text)
    fixed = dockerfile.parse_string(text + "EOF\n")
    run = fixed[1]
    assert (run.cmd, run.start_line, run.heredocs[0].name) == ("RUN", 2, "EOF")


def test_valid_deployment_is_one_valid_deployment() -> None:
    documents = list(yaml.safe_load_all((MALFORMED / "valid-deployment.yaml").read_text(encoding="utf-8")))
    assert [(d["kind"], d["metadata"]["name"]) for d in documents] == [("Deployment", "survivor")]


# --- make_hostile.py ------------------------------------------------------------------------------


def test_make_hostile_files_creates_huge_file_and_symlinks(tmp_path: Path) -> None:
    make_hostile = load_make_hostile()
    tracemalloc.start()
    try:
        created = make_hostile.make_hostile_files(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, "huge.yaml must be streamed, not built in memory"
    assert created.huge_yaml == tmp_path / "huge.yaml"
    assert created.huge_yaml.stat().st_size == make_hostile.HUGE_YAML_SIZE == 50 * 2**20
    with open(created.huge_yaml, "rb") as handle:
        assert handle.read(200).startswith(b"# Generated by fixtures/malformed/make_hostile.py")
    assert os.readlink(tmp_path / "loop" / "a") == os.path.join("..", "loop")
    assert Path(os.path.realpath(tmp_path / "loop" / "a")) == (tmp_path / "loop").resolve()
    assert os.readlink(tmp_path / "escape") == "/etc"
    again = make_hostile.make_hostile_files(tmp_path)  # idempotent
    assert again == created
    assert sorted(p.name for p in tmp_path.iterdir()) == ["escape", "huge.yaml", "loop"]


def test_make_hostile_refuses_to_replace_a_real_file(tmp_path: Path) -> None:
    make_hostile = load_make_hostile()
    (tmp_path / "escape").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="is not a symlink"):
        make_hostile.make_hostile_files(tmp_path, huge_size=4096)
    assert (tmp_path / "escape").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("extra", [0, 1, 5, 6, 68, 69, 70, 4096, 2**20 + 3, 2 * 2**20 + 70])
def test_huge_yaml_has_exact_size_and_stays_valid_yaml(tmp_path: Path, extra: int) -> None:
    make_hostile = load_make_hostile()
    path = tmp_path / "huge.yaml"
    size = make_hostile.MIN_HUGE_SIZE + extra
    make_hostile.write_huge_yaml(path, size)
    assert path.stat().st_size == size
    document = yaml.safe_load(path.read_text(encoding="ascii"))
    assert (document["kind"], document["metadata"]["name"]) == ("ConfigMap", "huge")


def test_huge_yaml_rejects_a_size_below_its_header(tmp_path: Path) -> None:
    make_hostile = load_make_hostile()
    with pytest.raises(ValueError, match="huge_size must be at least"):
        make_hostile.write_huge_yaml(tmp_path / "huge.yaml", make_hostile.MIN_HUGE_SIZE - 1)


# --- fixtures/example -----------------------------------------------------------------------------


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLE.rglob("*") if p.is_file())


def test_example_is_small_and_has_no_real_aws_keys() -> None:
    files = example_files()
    assert 20 <= len(files) <= 40
    keys = set()
    for path in files:
        keys.update(re.findall(r"AKIA[0-9A-Z]{16}", path.read_text(encoding="utf-8")))
    assert keys == {"AKIAIOSFODNN7EXAMPLE"}


@pytest.mark.parametrize("path", [p for p in sorted(EXAMPLE.rglob("*"))
                                  if p.suffix in (".tf", ".tfvars", ".hcl")], ids=lambda p: str(p.relative_to(EXAMPLE)))
def test_example_terraform_parses(path: Path) -> None:
    hcl2.parses(path.read_text(encoding="utf-8"))


def test_example_terraform_has_the_documented_shapes() -> None:
    tf = EXAMPLE / "terraform"
    variables = {name: body for block in terraform(tf / "variables.tf")["variable"] for name, body in block.items()}
    tfvars = terraform(tf / "terraform.tfvars")
    assert variables["assets_acl"]["default"] == "private" and tfvars["assets_acl"] == "public-read"
    main = terraform(tf / "main.tf")
    assert main["module"][0]["web"]["source"] == "./modules/web"
    assert {"aws_availability_zones", "aws_caller_identity", "aws_ami"} <= {k for b in main["data"] for k in b}
    assert "common_tags" in main["locals"][0]
    storage = {k: v for block in terraform(tf / "storage.tf")["resource"] for k, v in block.items()}
    assert set(storage) >= {"aws_s3_bucket", "aws_s3_bucket_public_access_block"}
    network = {k: v for block in terraform(tf / "network.tf")["resource"] for k, v in block.items()}
    assert network["aws_subnet"]["public"]["for_each"] == "${local.subnet_names}"
    ssh_rules = network["aws_security_group"]["bastion_ssh"]["ingress"]
    assert {"from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}.items() <= ssh_rules[1].items()
    iam = {k: v for block in terraform(tf / "iam.tf")["resource"] for k, v in block.items()}
    assert iam["aws_iam_policy"]["deployer"]["policy"].startswith("${jsonencode(")
    web = {k: v for block in terraform(tf / "modules/web/main.tf")["resource"] for k, v in block.items()}
    assert web["aws_instance"]["this"]["count"] == "${var.instance_count}"
    required = terraform(tf / "versions.tf")["terraform"][0]["required_providers"][0]
    assert set(required) == {"aws", "random"}


def test_example_lock_file_has_two_providers_with_well_formed_hashes() -> None:
    lock = terraform(EXAMPLE / "terraform" / ".terraform.lock.hcl")
    providers = {name: body for block in lock["provider"] for name, body in block.items()}
    assert sorted(providers) == ["registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/random"]
    for body in providers.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", body["version"])
        assert body["hashes"] and all(re.fullmatch(r"h1:[A-Za-z0-9+/]{43}=|zh:[0-9a-f]{64}", h) for h in body["hashes"])


EXPECTED_K8S_KINDS = {
    "k8s/api.yaml": ["Deployment", "Service", "NetworkPolicy"],
    "k8s/configmap.yaml": ["ConfigMap"],
    "k8s/ingress.yaml": ["Ingress", "Certificate"],
    "k8s/namespace.yaml": ["Namespace"],
    "k8s/node-agents-list.yaml": ["List"],
    "k8s/rbac.yaml": ["ServiceAccount", "ServiceAccount", "RoleBinding"],
    "k8s/report-cronjob.yaml": ["CronJob"],
}


def test_example_kubernetes_manifests_hold_the_documented_objects() -> None:
    found = {}
    for path in sorted((EXAMPLE / "k8s").glob("*.yaml")):
        found[str(path.relative_to(EXAMPLE))] = [d["kind"] for d in yaml.safe_load_all(path.read_text("utf-8"))]
    assert found == EXPECTED_K8S_KINDS
    items = yaml.safe_load((EXAMPLE / "k8s/node-agents-list.yaml").read_text("utf-8"))["items"]
    shipper = items[0]["spec"]["template"]["spec"]["containers"][0]
    assert (items[0]["kind"], shipper["securityContext"]["privileged"]) == ("DaemonSet", True)
    binding = list(yaml.safe_load_all((EXAMPLE / "k8s/rbac.yaml").read_text("utf-8")))[2]
    assert binding["roleRef"]["name"] == "cluster-admin"
    cronjob = yaml.safe_load((EXAMPLE / "k8s/report-cronjob.yaml").read_text("utf-8"))
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["image"].endswith(":latest")


def test_example_non_kubernetes_yaml_is_valid_and_the_helm_template_is_not() -> None:
    for relative in ("skaffold.yaml", ".github/workflows/ci.yml", "charts/app/Chart.yaml", "charts/app/values.yaml"):
        list(yaml.safe_load_all((EXAMPLE / relative).read_text("utf-8")))
    template = (EXAMPLE / "charts/app/templates/deployment.yaml").read_text("utf-8")
    assert "{{" in template
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(template)
    skaffold = yaml.safe_load((EXAMPLE / "skaffold.yaml").read_text("utf-8"))
    api = skaffold["build"]["artifacts"][0]
    assert (EXAMPLE / api["context"] / api["docker"]["dockerfile"]).is_file()


def test_example_api_dockerfile_is_multi_stage_non_root_with_heredoc() -> None:
    commands = dockerfile.parse_file(str(EXAMPLE / "services/api/Dockerfile"))
    froms = [c.value for c in commands if c.cmd == "FROM"]
    assert froms == [("python:${PYTHON_VERSION}-${BASE_DISTRO}", "AS", "build"),
                     ("python:${PYTHON_VERSION}-${BASE_DISTRO}", "AS", "runtime")]
    assert [c.value[0] for c in commands if c.cmd == "ARG"] == ["PYTHON_VERSION=3.12", "BASE_DISTRO=slim-bookworm"]
    assert any("--from=build" in c.flags for c in commands if c.cmd == "COPY")
    heredoc_runs = [c for c in commands if c.cmd == "RUN" and c.heredocs]
    assert [(c.start_line, c.end_line) for c in heredoc_runs] == [(17, 24)]
    assert [c.value for c in commands if c.cmd == "USER"] == [("shop",)]


def test_example_worker_dockerfile_runs_as_root_from_latest() -> None:
    commands = dockerfile.parse_file(str(EXAMPLE / "services/worker/Dockerfile"))
    assert [c.value for c in commands if c.cmd == "FROM"] == [("python:latest",)]
    assert not [c for c in commands if c.cmd == "USER"]
    install = next(c for c in commands if c.cmd == "RUN" and "apt-get install" in c.value[0])
    assert "--no-install-recommends" not in install.value[0]
