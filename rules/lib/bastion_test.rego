package bastion.lib_test

import data.bastion.lib
import rego.v1

test_marker_is_unknown if lib.is_unknown({"__unknown__": "data source"})

test_plain_object_is_not_unknown if not lib.is_unknown({"__unknown__": "x", "other": 1})

test_known_value if lib.known({"acl": "private", "tags": ["a"]})

test_nested_unknown_is_not_known if not lib.known({"tags": [{"__unknown__": "computed"}]})

test_attribute_unknown_ancestor if lib.attribute_unknown({"unknown": ["tags"]}, "tags.Owner")

test_attribute_unknown_descendant if lib.attribute_unknown({"unknown": ["ingress[0].cidr_blocks"]}, "ingress")

test_attribute_unknown_unrelated if not lib.attribute_unknown({"unknown": ["tags_all"]}, "tags")

test_number_from_string if lib.number("22") == 22

test_number_from_number if lib.number(3389) == 3389

test_number_rejects_words if not lib.number("ssh")

test_pod_containers_without_pod_spec if count(lib.pod_containers({"attrs": {}})) == 0

test_edges_to_missing_node if count(lib.edges_to("nothing")) == 0 with input as {"edges_to": {}}
