"""What native rules could not decide: reads derived from Rego source, entries from unknown markers,
and rules that declare their own ``undecided`` set."""

from __future__ import annotations

import textwrap

import pytest

from scanner.engine.loader import PolicySource, load_modules
from scanner.engine.rule_reads import ReadsAnalyzer, RuleReads, tokenize
from scanner.engine.undecided import (
    DEFAULT_REASON,
    Undecided,
    first_segment,
    marker_reason,
)
from scanner.model import unknown_value

HEADER = """\
# METADATA
# title: {title}
# custom:
#   id: {rule_id}
#   severity: HIGH
package {package}

import rego.v1
"""


def reads_of(files: dict[str, str], package: str, rules: tuple[str, ...] = ("deny",)) -> RuleReads:
    """What the rules of ``package`` read, from policy texts given by file name."""
    sources = [PolicySource(name, textwrap.dedent(text).lstrip("\n"), "policy") for name, text in files.items()]
    modules, errors = load_modules(sources)
    assert errors == []
    return ReadsAnalyzer(modules).reads(tuple(package.split(".")), rules)


def policy(package: str, body: str, rule_id: str = "ACME001", title: str = "A check", imports: str = "") -> str:
    return HEADER.format(title=title, rule_id=rule_id, package=package) + imports + "\n" + textwrap.dedent(body).lstrip("\n")


# --- reads derived from the source -----------------------------------------------------------


def test_literal_kind_and_attribute_lookups_are_read() -> None:
    body = """
    deny contains finding if {
    	some bucket in input.by_kind.aws_s3_bucket
    	bucket.attrs.acl == "public-read"
    	some block in input.by_kind["aws_s3_bucket_acl"]
    	block.attrs["grant"]
    	some other in object.get(input.by_kind, "aws_s3_bucket_policy", [])
    	object.get(other.attrs, "policy", null) != null
    	object.get(other.attrs, ["tags", "Owner"], null) == null
    	not lib_attribute_unknown(other, "versioning[0].enabled")
    	finding := {"resource": bucket.id, "msg": "x"}
    }

    lib_attribute_unknown(node, path) if node.unknown[_] == path
    """
    body = body.replace("lib_attribute_unknown", "attribute_unknown")
    reads = reads_of({"p.rego": policy("bastion.acme.p", body)}, "bastion.acme.p")

    assert reads.kinds == {"aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_bucket_policy"}
    assert reads.attributes == {"acl", "grant", "policy", "tags", "versioning"}
    assert not reads.dynamic_kinds and not reads.dynamic_attributes
    assert reads.formats == set() and not reads.all_nodes


def test_kind_and_attribute_chosen_by_expression_take_the_string_literals_of_the_rule() -> None:
    body = """
    settings := ["block_public_acls", "block_public_policy"]

    deny contains finding if {
    	some kind in ["aws_s3_bucket_public_access_block"]
    	some block in object.get(input.by_kind, kind, [])
    	some setting in settings
    	block.attrs[setting] != true
    	finding := {"resource": block.id, "msg": "Setting off"}
    }
    """
    reads = reads_of({"p.rego": policy("bastion.acme.p", body)}, "bastion.acme.p")

    assert reads.dynamic_kinds and reads.dynamic_attributes
    assert "aws_s3_bucket_public_access_block" in reads.kinds
    assert {"block_public_acls", "block_public_policy"} <= reads.attributes
    assert "Setting off" not in reads.attributes  # not an identifier, so never an attribute name


def test_helpers_of_an_imported_package_are_followed_but_unreferenced_ones_are_not() -> None:
    helpers = """
    package bastion.acme.helpers

    import rego.v1

    buckets := object.get(input.by_kind, "aws_s3_bucket", [])

    versioning(bucket) := bucket.attrs.versioning

    unrelated := input.by_kind.aws_instance
    """
    body = """
    deny contains finding if {
    	some bucket in h.buckets
    	not h.versioning(bucket)
    	finding := {"resource": bucket.id, "msg": "x"}
    }
    """
    rule = policy("bastion.acme.p", body, imports="import data.bastion.acme.helpers as h\n")
    reads = reads_of({"helpers.rego": helpers, "p.rego": rule}, "bastion.acme.p")

    assert reads.kinds == {"aws_s3_bucket"}
    assert reads.attributes == {"versioning"}


def test_local_helper_rules_and_data_paths_are_followed() -> None:
    other = """
    package bastion.acme.shared

    import rego.v1

    volumes := input.by_kind.aws_ebs_volume
    """
    body = """
    deny contains finding if {
    	some node in _nodes
    	node.attrs.encrypted == false
    	finding := {"resource": node.id, "msg": "x"}
    }

    _nodes contains node if some node in data.bastion.acme.shared.volumes
    """
    reads = reads_of({"shared.rego": other, "p.rego": policy("bastion.acme.p", body)}, "bastion.acme.p")

    assert reads.kinds == {"aws_ebs_volume"}
    assert reads.attributes == {"encrypted"}


def test_formats_all_nodes_and_key_listing() -> None:
    body = """
    deny contains finding if {
    	some node in input.by_format.kubernetes
    	not "spec" in object.keys(node.attrs)
    	finding := {"resource": node.id, "msg": "x"}
    }

    deny contains finding if {
    	some node in input.nodes
    	node.attrs.labels.team == ""
    	finding := {"resource": node.id, "msg": "y"}
    }
    """
    reads = reads_of({"p.rego": policy("bastion.acme.p", body)}, "bastion.acme.p")

    assert reads.formats == {"kubernetes"}
    assert reads.all_nodes
    assert reads.attributes == {"labels"}
    assert not reads.dynamic_attributes
    assert reads.covers_kind("anything", "terraform")


def test_comments_and_strings_that_look_like_lookups_are_not_read() -> None:
    body = """
    # input.by_kind.commented and x.attrs.commented
    deny contains finding if {
    	some node in input.by_kind.aws_s3_bucket
    	msg := "see input.by_kind.quoted and node.attrs.quoted"
    	node.attrs.acl == "."
    	finding := {"resource": node.id, "msg": msg}
    }
    """
    reads = reads_of({"p.rego": policy("bastion.acme.p", body)}, "bastion.acme.p")

    assert reads.kinds == {"aws_s3_bucket"}
    assert reads.attributes == {"acl"}


def test_a_rule_reads_only_what_its_own_definitions_reach() -> None:
    body = """
    deny contains finding if {
    	some node in input.by_kind.aws_s3_bucket
    	node.attrs.acl == "public-read"
    	finding := {"resource": node.id, "msg": "x"}
    }

    warn contains finding if {
    	some node in input.by_kind.aws_instance
    	node.attrs.monitoring == false
    	finding := {"resource": node.id, "msg": "y"}
    }
    """
    files = {"p.rego": policy("bastion.acme.p", body)}

    assert reads_of(files, "bastion.acme.p", ("deny",)).kinds == {"aws_s3_bucket"}
    assert reads_of(files, "bastion.acme.p", ("warn",)).attributes == {"monitoring"}


def test_tokenize_reads_strings_raw_strings_and_lines() -> None:
    tokens = tokenize('a := "x\\"y" # c\nb[`raw\nz`] != 1')

    assert [(token.kind, token.text, token.line) for token in tokens] == [
        ("ident", "a", 1),
        ("punct", ":=", 1),
        ("string", 'x"y', 1),
        ("ident", "b", 2),
        ("punct", "[", 2),
        ("string", "raw\nz", 2),
        ("punct", "]", 3),
        ("punct", "!=", 3),
        ("number", "1", 3),
    ]


# --- paths and markers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "segment"),
    [("acl", "acl"), ("versioning[0].enabled", "versioning"), ("tags.Owner", "tags"), ('["odd.key"].x', "odd.key")],
)
def test_first_segment(path: str, segment: str) -> None:
    assert first_segment(path) == segment


def test_marker_reason_at_the_path_on_the_way_inside_or_missing() -> None:
    attrs = {
        "acl": unknown_value("variable 'acl' has no value"),
        "versioning": [{"enabled": unknown_value("variable 'on' has no value")}],
        "rule": unknown_value("dynamic block 'rule' has an unknown for_each"),
        "metadata": {"annotations": {"a.b/c": unknown_value("from a file")}},
    }

    assert marker_reason(attrs, "acl") == "variable 'acl' has no value"
    assert marker_reason(attrs, "versioning[0].enabled") == "variable 'on' has no value"
    assert marker_reason(attrs, "versioning") == "variable 'on' has no value"
    assert marker_reason(attrs, "rule[0].apply") == "dynamic block 'rule' has an unknown for_each"
    assert marker_reason(attrs, 'metadata.annotations["a.b/c"]') == "from a file"
    assert marker_reason(attrs, "missing") == DEFAULT_REASON
    assert marker_reason(attrs, "versioning[3]") == DEFAULT_REASON


# --- entries over a graph -----------------------------------------------------------------------

PRIVATE_BUCKETS = """
# METADATA
# title: Buckets are private
# custom:
#   id: ACME001
#   severity: HIGH
package bastion.acme.private

import rego.v1

deny contains finding if {
	some bucket in input.by_kind.aws_s3_bucket
	bucket.attrs.acl == "public-read"
	finding := {"resource": bucket.id, "attribute": "acl", "msg": "public"}
}

deny contains finding if {
	some bucket in input.by_kind.aws_s3_bucket
	some grant in object.get(bucket.attrs, "grant", [])
	grant.uri == "AllUsers"
	finding := {"resource": bucket.id, "msg": "granted"}
}
"""


@pytest.fixture
def bucket_graph(make_node, make_graph):
    return make_graph(
        [
            make_node(
                "tf:aws_s3_bucket.from_variable",
                "aws_s3_bucket",
                start_line=5,
                attrs={"acl": unknown_value("variable 'acl' has no value")},
                attr_lines={"acl": 7},
                unknown=["acl"],
            ),
            make_node(
                "tf:aws_s3_bucket.tags_unknown",
                "aws_s3_bucket",
                start_line=10,
                attrs={"acl": "private", "tags": {"Owner": unknown_value("variable 'owner' has no value")}},
                unknown=["tags.Owner"],
            ),
            make_node(
                "tf:aws_s3_bucket.public",
                "aws_s3_bucket",
                start_line=20,
                attrs={"acl": "public-read", "grant": [{"uri": unknown_value("variable 'grantee' has no value")}]},
                unknown=["grant[0].uri"],
            ),
            make_node(
                "tf:aws_s3_bucket.counted",
                "aws_s3_bucket",
                start_line=30,
                attrs={"count": unknown_value("count is unknown: variable 'n' has no value"), "acl": "private"},
                attr_lines={"count": 31},
                unknown=["count"],
            ),
            make_node(
                "tf:aws_s3_bucket.grant_block_unknown",
                "aws_s3_bucket",
                path="b.tf",
                start_line=3,
                attrs={"grant": [unknown_value("dynamic block 'grant' has an unknown for_each")]},
                attr_lines={"grant": 4},
                unknown=["grant[0]"],
            ),
            make_node(
                "tf:aws_s3_bucket.computed",
                "aws_s3_bucket",
                start_line=40,
                attrs={"acl": unknown_value("aws_s3_bucket_acl.shared.acl is computed by the provider")},
                unknown=["acl"],
            ),
            make_node(
                "tf:aws_instance.web",
                "aws_instance",
                start_line=50,
                attrs={"acl": unknown_value("variable 'acl' has no value")},
                unknown=["acl", "count"],
            ),
        ]
    )


def test_entries_for_unknown_attributes_the_rule_reads_on_nodes_it_did_not_report(user_engine, bucket_graph) -> None:
    engine = user_engine({"private.rego": PRIVATE_BUCKETS})
    evaluation = engine.evaluate(bucket_graph)

    outcome = engine.undecided(bucket_graph, evaluation)

    assert [finding.resource for finding in evaluation.findings] == ["tf:aws_s3_bucket.public"]
    assert outcome.errors == []
    assert outcome.entries == [
        Undecided(
            "ACME001", "tf:aws_s3_bucket.grant_block_unknown", "b.tf", 4, "grant[0]",
            "dynamic block 'grant' has an unknown for_each",
            "grant[0] is unknown (dynamic block 'grant' has an unknown for_each)",
        ),
        Undecided(
            "ACME001", "tf:aws_s3_bucket.from_variable", "main.tf", 7, "acl",
            "variable 'acl' has no value", "acl is unknown (variable 'acl' has no value)",
        ),
        Undecided(
            "ACME001", "tf:aws_s3_bucket.counted", "main.tf", 31, "count",
            "count is unknown: variable 'n' has no value",
            "its instances could not be expanded (count is unknown: variable 'n' has no value)",
        ),
    ]
    assert outcome.entries[1].describe() == (
        "could not be decided: ACME001 on tf:aws_s3_bucket.from_variable: acl is unknown (variable 'acl' has no value)"
    )


def test_entry_to_json_has_the_six_documented_keys() -> None:
    entry = Undecided("ACME001", "tf:aws_s3_bucket.x", "main.tf", 7, "acl", "variable 'acl' has no value", "acl is unknown (...)")

    assert entry.to_json() == {
        "rule_id": "ACME001",
        "resource": "tf:aws_s3_bucket.x",
        "path": "main.tf",
        "line": 7,
        "attribute": "acl",
        "reason": "variable 'acl' has no value",
    }


def test_only_the_evaluated_rules_get_entries(user_engine, bucket_graph) -> None:
    engine = user_engine({"private.rego": PRIVATE_BUCKETS})
    evaluation = engine.evaluate(bucket_graph, select=lambda meta: meta.id != "ACME001")

    assert engine.undecided(bucket_graph, evaluation).entries == []


DECLARING = """
# METADATA
# title: Buckets are private
# custom:
#   id: ACME002
#   severity: HIGH
package bastion.acme.declared

import rego.v1

deny contains finding if {
	some bucket in input.by_kind.aws_s3_bucket
	bucket.attrs.acl == "public-read"
	finding := {"resource": bucket.id, "attribute": "acl", "msg": "public"}
}

undecided contains {"resource": bucket.id, "attribute": "acl", "msg": "the ACL is chosen by the caller"} if {
	some bucket in input.by_kind.aws_s3_bucket
	bucket.attrs.acl.__unknown__
}

undecided contains {"resource": bucket.id, "msg": "a public bucket is decided"} if {
	some bucket in input.by_kind.aws_s3_bucket
	bucket.attrs.acl == "public-read"
}
"""


def test_a_declared_undecided_set_replaces_the_derived_entries(user_engine, bucket_graph) -> None:
    engine = user_engine({"declared.rego": DECLARING})
    evaluation = engine.evaluate(bucket_graph)

    outcome = engine.undecided(bucket_graph, evaluation)

    assert outcome.errors == []
    assert [(e.rule_id, e.resource, e.line, e.attribute, e.reason) for e in outcome.entries] == [
        ("ACME002", "tf:aws_s3_bucket.from_variable", 7, "acl", "the ACL is chosen by the caller"),
        ("ACME002", "tf:aws_s3_bucket.computed", 40, "acl", "the ACL is chosen by the caller"),
    ]


def test_declared_entries_choose_a_rule_of_the_package_by_id(user_engine, make_node, make_graph) -> None:
    two_ids = """
    package bastion.acme.two

    import rego.v1

    # METADATA
    # title: First
    # custom:
    #   id: ACME010
    deny_first contains {"resource": "tf:a.b", "msg": "never"} if false

    # METADATA
    # title: Second
    # custom:
    #   id: ACME011
    deny_second contains {"resource": "tf:a.b", "msg": "never"} if false

    undecided contains {"resource": "tf:a.b", "msg": "only the second", "rule_id": "ACME011"}

    undecided contains {"resource": "tf:a.b", "msg": "both"}
    """
    engine = user_engine({"two.rego": two_ids})
    graph = make_graph([make_node("tf:a.b", "a", start_line=3)])

    outcome = engine.undecided(graph, engine.evaluate(graph))

    assert [(e.rule_id, e.line, e.attribute, e.reason) for e in outcome.entries] == [
        ("ACME010", 3, None, "both"),
        ("ACME011", 3, None, "both"),
        ("ACME011", 3, None, "only the second"),
    ]
    only_first = engine.undecided(graph, engine.evaluate(graph, select=lambda meta: meta.id == "ACME010"))
    assert [(e.rule_id, e.reason) for e in only_first.entries] == [("ACME010", "both")]
    assert only_first.errors == []


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ('undecided contains {"resource": "tf:a.b"}', "undecided produced an entry without a string 'resource' and 'msg'"),
        ('undecided contains "just text"', "undecided produced an entry without a string 'resource' and 'msg'"),
        ('undecided contains {"resource": "tf:gone", "msg": "m"}', "undecided names resource 'tf:gone', which is not in the graph"),
        (
            'undecided contains {"resource": "tf:a.b", "msg": "m", "rule_id": "OTHER"}',
            "undecided names rule 'OTHER', which its package does not define",
        ),
    ],
)
def test_malformed_declared_entries_are_errors_of_the_rule(user_engine, make_node, make_graph, declaration, message) -> None:
    text = policy("bastion.acme.bad", 'deny contains {"resource": "tf:a.b", "msg": "never"} if false\n\n' + declaration + "\n", rule_id="ACME020")
    engine = user_engine({"bad.rego": text})
    graph = make_graph([make_node("tf:a.b", "a")])

    outcome = engine.undecided(graph, engine.evaluate(graph))

    assert outcome.entries == []
    assert [(error.rule_id, error.path.endswith("bad.rego"), error.message) for error in outcome.errors] == [("ACME020", True, message)]


def test_a_failing_undecided_rule_is_reported_and_the_other_packages_still_count(user_engine, make_node, make_graph) -> None:
    failing = policy(
        "bastion.acme.failing",
        """
        deny contains {"resource": "tf:a.b", "msg": "never"} if false

        undecided contains {"resource": "tf:a.b", "msg": sprintf("%d", [1 / count([])])}
        """,
        rule_id="ACME030",
    )
    fine = policy(
        "bastion.acme.fine",
        """
        deny contains {"resource": "tf:a.b", "msg": "never"} if false

        undecided contains {"resource": "tf:a.b", "msg": "fine"}
        """,
        rule_id="ACME031",
    )
    engine = user_engine({"failing.rego": failing, "fine.rego": fine})
    graph = make_graph([make_node("tf:a.b", "a")])

    outcome = engine.undecided(graph, engine.evaluate(graph))

    assert [(e.rule_id, e.reason) for e in outcome.entries] == [("ACME031", "fine")]
    assert [error.rule_id for error in outcome.errors] == ["ACME030"]


def test_built_in_pack_derives_reads_through_its_helper_library(builtin_engine, make_node, make_graph) -> None:
    bucket = make_node(
        "tf:aws_s3_bucket.logs",
        "aws_s3_bucket",
        attrs={"bucket": "logs", "acl": unknown_value("variable 'acl' has no value"), "__address": "aws_s3_bucket.logs"},
        attr_lines={"acl": 3},
        unknown=["acl"],
    )
    graph = make_graph([bucket])
    evaluation = builtin_engine.evaluate(graph, select=lambda meta: meta.id in ("TF001", "TF006"))

    outcome = builtin_engine.undecided(graph, evaluation)

    assert [(e.rule_id, e.attribute, e.line) for e in outcome.entries] == [("TF001", "acl", 3)]
    assert "aws_s3_bucket" in builtin_engine._undecided_finder.reads("TF006").kinds
    assert "versioning" in builtin_engine._undecided_finder.reads("TF006").attributes
