package bastion.lib.azure_test

import data.bastion.lib.azure
import rego.v1

test_true_string if azure.is_true("True")

test_false_boolean if azure.is_false(false)

test_unknown_is_neither_true_nor_false if {
	not azure.is_true({"__unknown__": "var"})
	not azure.is_false({"__unknown__": "var"})
}

test_internet_service_tag if azure.internet_prefix("Internet")

test_any_address if azure.internet_prefix("0.0.0.0/0")

test_private_prefix_is_not_internet if not azure.internet_prefix("10.0.0.0/8")

test_single_port if azure.port_spec_covers("22", 22)

test_numeric_port if azure.port_spec_covers(3389, 3389)

test_port_range if azure.port_spec_covers("20-25", 22)

test_port_outside_range if not azure.port_spec_covers("23-25", 22)

test_wildcard_port if azure.port_spec_covers("*", 3389)

test_word_is_no_port if not azure.port_spec_covers("ssh", 22)

test_tls_1_1_is_weak if azure.tls_version_below_1_2("1.1")

test_tls_1_2_is_not_weak if not azure.tls_version_below_1_2("1.2")

test_ipv4_number if azure.ipv4_number("255.255.255.255") == 4294967295

test_ipv4_number_rejects_octet_over_255 if not azure.ipv4_number("1.2.3.256")

test_resources_of_kinds if {
	nodes := azure.resources_of({"b", "a"}) with input as {"by_kind": {"a": [{"id": 1}], "b": [{"id": 2}], "c": [{"id": 3}]}}
	nodes == [{"id": 1}, {"id": 2}]
}

test_known_block if azure.known_block({"network_policy": "azure"})

test_marker_is_not_a_known_block if not azure.known_block({"__unknown__": "dynamic block"})
