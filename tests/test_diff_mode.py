"""Diff mode (``--diff-base REF``): the whole graph is evaluated, but only findings on what changed
since REF are reported. Parsing of git's hunks, the choice of findings, and real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scanner.cli import main
from scanner.findings import Finding
from scanner.gating.diff_hunks import ChangedLines, parse_unified_diff, unquote_path
from scanner.gating.diff_mode import ChangeSet, DiffError, collect_changes
from scanner.gating.diff_scope import changed_resources, touches_changes
from scanner.model import Edge, Graph, Node

PUBLIC_ACL = """# METADATA
# title: Bucket ACL is public
# custom:
#   id: ACME100
#   severity: HIGH
package bastion.acme.acl

import rego.v1

deny contains finding if {
\tsome bucket in input.by_kind.aws_s3_bucket
\tbucket.attrs.acl == "public-read"
\tfinding := {"resource": bucket.id, "attribute": "acl", "msg": sprintf("%s has the ACL %s", [bucket.name, bucket.attrs.acl])}
}
"""

VARIABLES_TF = """variable "acl" {
  default = "public-read"
}
"""

MAIN_TF = """resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  acl    = "public-read"
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets"
  acl    = "private"
}

resource "aws_s3_bucket" "shared" {
  bucket = "shared"
  acl    = var.acl
}
"""


# --- git helpers ------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    command = ["git", "-C", str(repo), "-c", "user.email=dev@example.com", "-c", "user.name=Dev", "-c", "init.defaultBranch=main", *args]
    completed = subprocess.run(command, capture_output=True, text=True, env=env)
    assert completed.returncode == 0, f"{' '.join(args)} failed: {completed.stderr}"
    return completed.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def make_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    commit_all(repo, "initial")
    (tmp_path / "policies").mkdir(exist_ok=True)
    (tmp_path / "policies" / "acl.rego").write_text(PUBLIC_ACL)
    return repo


def scan(repo: Path, *args: str, policies: Path | None = None) -> Result:
    policies = policies or repo.parent / "policies"
    command = ["scan", str(repo), "--no-builtin", "--policy", str(policies), "--jobs", "1", "--format", "json", *args]
    return CliRunner().invoke(main, command, catch_exceptions=False)


def reported(result: Result) -> list[tuple[str, str, int, str]]:
    return [(f["path"], f["resource"], f["start_line"], f["message"]) for f in json.loads(result.stdout)["findings"]]


# --- the "done when" scenario -----------------------------------------------------------------


def test_reports_only_the_changed_resource_with_its_value_from_an_unchanged_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"variables.tf": VARIABLES_TF, "main.tf": MAIN_TF})
    (repo / "main.tf").write_text(MAIN_TF.replace('acl    = "private"', "acl    = var.acl"))
    full = scan(repo)
    assert [resource for _, resource, _, _ in reported(full)] == ["tf:aws_s3_bucket.legacy", "tf:aws_s3_bucket.assets", "tf:aws_s3_bucket.shared"]
    result = scan(repo, "--diff-base", "HEAD")
    assert reported(result) == [("main.tf", "tf:aws_s3_bucket.assets", 8, "aws_s3_bucket.assets has the ACL public-read")]
    assert result.exit_code == 1
    assert json.loads(result.stdout)["stats"]["outside_diff"] == 2
    assert result.stderr == "note: 2 findings outside the changes since 'HEAD' not reported\n"


def test_no_change_reports_nothing_and_exits_0(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"variables.tf": VARIABLES_TF, "main.tf": MAIN_TF})
    result = scan(repo, "--diff-base", "HEAD")
    assert reported(result) == []
    assert result.exit_code == 0


def test_changed_variable_default_reports_the_resources_that_use_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"variables.tf": VARIABLES_TF.replace("public-read", "private"), "main.tf": MAIN_TF})
    (repo / "variables.tf").write_text(VARIABLES_TF)
    assert reported(scan(repo, "--diff-base", "HEAD")) == [("main.tf", "tf:aws_s3_bucket.shared", 13, "aws_s3_bucket.shared has the ACL public-read")]


def test_committed_staged_and_unstaged_changes_since_the_base_all_count(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF.replace("public-read", "private")})
    base = git(repo, "rev-parse", "HEAD").strip()
    text = MAIN_TF.replace("public-read", "private")
    lines = text.splitlines(keepends=True)
    lines[2] = '  acl    = "public-read"\n'  # legacy: committed
    (repo / "main.tf").write_text("".join(lines))
    commit_all(repo, "legacy goes public")
    lines[7] = '  acl    = "public-read"\n'  # assets: staged
    (repo / "main.tf").write_text("".join(lines))
    git(repo, "add", "main.tf")
    lines[12] = '  acl    = "public-read"\n'  # shared: unstaged
    (repo / "main.tf").write_text("".join(lines))
    resources = [resource for _, resource, _, _ in reported(scan(repo, "--diff-base", base))]
    assert resources == ["tf:aws_s3_bucket.legacy", "tf:aws_s3_bucket.assets", "tf:aws_s3_bucket.shared"]
    assert [resource for _, resource, _, _ in reported(scan(repo, "--diff-base", "HEAD"))] == ["tf:aws_s3_bucket.assets", "tf:aws_s3_bucket.shared"]


def test_untracked_file_counts_as_wholly_changed_but_git_excluded_files_do_not(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF.replace("var.acl", '"private"')})
    (repo / ".git" / "info" / "exclude").write_text("scratch/\n")  # git ignores it; bastion still scans it
    (repo / "new.tf").write_text('resource "aws_s3_bucket" "fresh" {\n  acl = "public-read"\n}\n')
    (repo / "scratch").mkdir()
    (repo / "scratch" / "tmp.tf").write_text('resource "aws_s3_bucket" "scratch" {\n  acl = "public-read"\n}\n')
    assert "tf:scratch:aws_s3_bucket.scratch" in [resource for _, resource, _, _ in reported(scan(repo))]
    result = scan(repo, "--diff-base", "HEAD")
    assert [resource for _, resource, _, _ in reported(result)] == ["tf:aws_s3_bucket.fresh"]


def test_deleting_a_line_inside_a_resource_reports_it(tmp_path: Path) -> None:
    text = MAIN_TF.replace('  acl    = "private"\n', '  acl    = "public-read"\n  acl_reviewed = "private"\n')
    repo = make_repo(tmp_path, {"main.tf": text, "variables.tf": VARIABLES_TF})
    (repo / "main.tf").write_text(text.replace('  bucket = "assets"\n', ""))
    assert [resource for _, resource, _, _ in reported(scan(repo, "--diff-base", "HEAD"))] == ["tf:aws_s3_bucket.assets"]


def test_changed_module_call_reports_the_resources_of_the_module(tmp_path: Path) -> None:
    module = 'variable "acl" {\n  default = "private"\n}\n\nresource "aws_s3_bucket" "this" {\n  bucket = "site"\n  acl    = var.acl\n}\n'
    caller = 'module "site" {\n  source = "./modules/bucket"\n  acl    = "private"\n}\n'
    repo = make_repo(tmp_path, {"modules/bucket/main.tf": module, "main.tf": caller + '\nresource "aws_s3_bucket" "old" {\n  acl = "public-read"\n}\n'})
    (repo / "main.tf").write_text(caller.replace('"private"', '"public-read"') + '\nresource "aws_s3_bucket" "old" {\n  acl = "public-read"\n}\n')
    assert reported(scan(repo, "--diff-base", "HEAD")) == [
        ("modules/bucket/main.tf", "tf:module.site.aws_s3_bucket.this", 7, "module.site.aws_s3_bucket.this has the ACL public-read"),
    ]


def test_renamed_and_edited_file_is_reported_under_its_new_name(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF, "variables.tf": VARIABLES_TF})
    git(repo, "mv", "main.tf", "buckets.tf")
    (repo / "buckets.tf").write_text(MAIN_TF.replace('bucket = "assets"', 'bucket = "assets-v2"').replace('acl    = "private"', 'acl    = "public-read"'))
    assert [(path, resource) for path, resource, _, _ in reported(scan(repo, "--diff-base", "HEAD"))] == [("buckets.tf", "tf:aws_s3_bucket.assets")]


def test_branch_is_compared_with_its_merge_base(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF.replace("public-read", "private"), "variables.tf": VARIABLES_TF})
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "main.tf").write_text(MAIN_TF.replace("public-read", "private").replace('bucket = "assets"\n  acl    = "private"', 'bucket = "assets"\n  acl    = "public-read"'))
    commit_all(repo, "feature: assets public")
    git(repo, "checkout", "-q", "main")
    (repo / "other.tf").write_text('resource "aws_s3_bucket" "mainline" {\n  acl = "public-read"\n}\n')
    commit_all(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert [resource for _, resource, _, _ in reported(scan(repo, "--diff-base", "main"))] == ["tf:aws_s3_bucket.assets"]


def test_scan_root_below_the_repository_top(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"infra/main.tf": MAIN_TF, "infra/variables.tf": VARIABLES_TF, "README.md": "hi\n"})
    (repo / "infra" / "main.tf").write_text(MAIN_TF.replace('acl    = "private"', 'acl    = "public-read"'))
    (repo / "README.md").write_text("changed\n")
    result = scan(repo / "infra", "--diff-base", "HEAD", policies=tmp_path / "policies")
    assert reported(result) == [("main.tf", "tf:aws_s3_bucket.assets", 8, "aws_s3_bucket.assets has the ACL public-read")]


# --- usage errors -----------------------------------------------------------------------------


def test_unknown_revision_is_a_usage_error_with_gits_message(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF})
    result = scan(repo, "--diff-base", "no-such-branch")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: --diff-base: git does not know the revision 'no-such-branch' (git: Not a valid object name no-such-branch)"


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "main.tf").write_text(MAIN_TF)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "acl.rego").write_text(PUBLIC_ACL)
    env_ceiling = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = CliRunner().invoke(main, ["scan", str(plain), "--no-builtin", "--policy", str(tmp_path / "policies"), "--diff-base", "HEAD"], env=env_ceiling)
    assert result.exit_code == 2
    real = os.path.realpath(plain)
    assert result.stderr.splitlines()[-1] == f"Error: --diff-base: '{real}' is not in a git repository (git: not a git repository (or any of the parent directories): .git)"


def test_option_like_revision_is_refused_before_git_sees_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF})
    result = scan(repo, "--diff-base=--output=/tmp/x")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --diff-base: '--output=/tmp/x' is not a git revision"


def test_missing_git_program_is_a_diff_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF})
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(DiffError) as caught:
        collect_changes(str(repo), "HEAD")
    assert str(caught.value) == "the git program is not installed or not on PATH"


def test_collect_changes_lists_files_and_lines(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"main.tf": MAIN_TF, "gone.tf": "x\n", "we ird \"name\" é.tf": "a\nb\n"})
    (repo / "main.tf").write_text(MAIN_TF.replace('  bucket = "legacy"\n', "").replace('bucket = "assets"', 'bucket = "assets2"'))
    (repo / "gone.tf").unlink()
    (repo / "we ird \"name\" é.tf").write_text("a\nB\nc\n")
    (repo / "fresh.tf").write_text("new\n")
    changes = collect_changes(str(repo), "HEAD")
    assert changes.base == "HEAD" and changes.commit == git(repo, "rev-parse", "HEAD").strip()
    assert dict(changes.files) == {
        "fresh.tf": ChangedLines(whole_file=True),
        "main.tf": ChangedLines(ranges=((6, 6),), gaps=(1,)),
        "we ird \"name\" é.tf": ChangedLines(ranges=((2, 3),)),
    }


# --- parsing git's output ---------------------------------------------------------------------

SAMPLE_DIFF = r'''diff --git a/bin.tf b/bin.tf
new file mode 100644
index 0000000..bdc955b
Binary files /dev/null and b/bin.tf differ
diff --git "a/we\"ird \303\251.tf" "b/we\"ird \303\251.tf"
index b680253..d7f758c 100644
--- "a/we\"ird \303\251.tf"	
+++ "b/we\"ird \303\251.tf"	
@@ -1 +1 @@
-z
+zz
diff --git a/x.tf b/y.tf
similarity index 50%
rename from x.tf
rename to y.tf
index de98044..a7bc997 100644
--- a/x.tf
+++ b/y.tf
@@ -2 +2 @@ a
-b
+B
@@ -3,0 +4,2 @@ c
+--- looks like a header
++++ b/also content
@@ -9,2 +10,0 @@ end
-gone
-gone too
diff --git a/moved.tf b/renamed.tf
similarity index 100%
rename from moved.tf
rename to renamed.tf
diff --git a/deleted.tf b/deleted.tf
deleted file mode 100644
index 1111111..0000000
--- a/deleted.tf
+++ /dev/null
@@ -1,3 +0,0 @@
-a
-b
-c
diff --git a/old.bin b/old.bin
deleted file mode 100644
Binary files a/old.bin and /dev/null differ
diff --git a/spaced name.tf b/spaced name.tf
old mode 100644
new mode 100755
diff --git a/spaced name2.tf b/spaced name2.tf
index 1..2 100644
Binary files a/spaced name2.tf and b/spaced name2.tf differ
'''


def test_parse_unified_diff() -> None:
    assert parse_unified_diff(SAMPLE_DIFF.splitlines(keepends=True)) == {
        "bin.tf": ChangedLines(whole_file=True),
        "spaced name2.tf": ChangedLines(whole_file=True),
        'we"ird é.tf': ChangedLines(ranges=((1, 1),)),
        "y.tf": ChangedLines(ranges=((2, 2), (4, 5)), gaps=(10,)),
    }


@pytest.mark.parametrize(
    ("quoted", "plain"),
    [
        ("b/plain.tf", "b/plain.tf"),
        ("b/with space.tf\t", "b/with space.tf"),
        (r'"b/tab\there"', "b/tab\there"),
        (r'"b/quote\"and\\slash"', 'b/quote"and\\slash'),
        (r'"b/caf\303\251.tf"', "b/café.tf"),
    ],
)
def test_unquote_path(quoted: str, plain: str) -> None:
    assert unquote_path(quoted) == plain


@pytest.mark.parametrize(
    ("lines", "start", "end", "expected"),
    [
        (ChangedLines(ranges=((5, 6),)), 1, 4, False),
        (ChangedLines(ranges=((5, 6),)), 1, 5, True),
        (ChangedLines(ranges=((5, 6),)), 6, 9, True),
        (ChangedLines(ranges=((5, 6),)), 7, 7, False),
        (ChangedLines(gaps=(3,)), 1, 5, True),
        (ChangedLines(gaps=(3,)), 3, 3, False),
        (ChangedLines(gaps=(3,)), 4, 8, False),
        (ChangedLines(gaps=(3,)), 1, 3, False),
        (ChangedLines(whole_file=True), 40, 41, True),
        (ChangedLines(ranges=((5, 6),)), 6, 0, True),
    ],
)
def test_changed_lines_intersect(lines: ChangedLines, start: int, end: int, expected: bool) -> None:
    assert lines.intersects(start, end) is expected


# --- which findings are kept ------------------------------------------------------------------


def node(node_id: str, kind: str, path: str, start: int, end: int) -> Node:
    return Node(node_id, "terraform", kind, node_id, path, start, end)


def finding(resource: str | None, path: str, start: int, end: int) -> Finding:
    return Finding("R1", "HIGH", "t", "m", path, start, end, resource, None, "f")


GRAPH = Graph(
    nodes=[
        node("tf:var.a", "terraform.variable", "variables.tf", 1, 3),
        node("tf:local.b", "terraform.local", "locals.tf", 2, 2),
        node("tf:aws_s3_bucket.via_local", "aws_s3_bucket", "main.tf", 1, 4),
        node("tf:aws_s3_bucket.via_var", "aws_s3_bucket", "main.tf", 6, 9),
        node("tf:aws_s3_bucket.other", "aws_s3_bucket", "main.tf", 11, 14),
        node("tf:aws_s3_bucket.refs_other", "aws_s3_bucket", "main.tf", 16, 19),
    ],
    edges=[
        Edge("tf:local.b", "tf:var.a", "references"),
        Edge("tf:aws_s3_bucket.via_local", "tf:local.b", "references"),
        Edge("tf:aws_s3_bucket.via_var", "tf:var.a", "references"),
        Edge("tf:aws_s3_bucket.refs_other", "tf:aws_s3_bucket.other", "references"),
    ],
)


def test_changed_variable_flows_through_locals_to_resources() -> None:
    changes = ChangeSet("HEAD", "abc", {"variables.tf": ChangedLines(ranges=((2, 2),))})
    assert changed_resources(GRAPH, changes) == {"tf:var.a", "tf:local.b", "tf:aws_s3_bucket.via_local", "tf:aws_s3_bucket.via_var"}


def test_changed_resource_does_not_flow_to_resources_that_reference_it() -> None:
    changes = ChangeSet("HEAD", "abc", {"main.tf": ChangedLines(ranges=((12, 12),))})
    assert changed_resources(GRAPH, changes) == {"tf:aws_s3_bucket.other"}


def test_finding_kept_by_its_own_lines_by_its_resource_or_by_its_file() -> None:
    changes = ChangeSet("HEAD", "abc", {"main.tf": ChangedLines(ranges=((12, 12),)), "Dockerfile": ChangedLines(ranges=((9, 9),))})
    changed = changed_resources(GRAPH, changes)
    assert touches_changes(finding("tf:aws_s3_bucket.other", "main.tf", 11, 11), changes, changed)
    assert touches_changes(finding("tf:unknown", "main.tf", 12, 12), changes, changed)
    assert not touches_changes(finding("tf:aws_s3_bucket.via_var", "main.tf", 6, 9), changes, changed)
    assert not touches_changes(finding("tf:aws_s3_bucket.refs_other", "main.tf", 16, 16), changes, changed)
    assert touches_changes(finding(None, "Dockerfile", 1, 1), changes, changed)
    assert not touches_changes(finding(None, "other/Dockerfile", 1, 1), changes, changed)
