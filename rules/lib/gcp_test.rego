package bastion.lib.gcp_test

import data.bastion.lib.gcp
import rego.v1

test_all_users_is_public if gcp.public_member("allUsers")

test_group_is_not_public if not gcp.public_member("group:admins@example.com")

test_metadata_true_upper_case if gcp.metadata_true("TRUE")

test_metadata_true_boolean if gcp.metadata_true(true)

test_metadata_false_zero if gcp.metadata_false("0")

test_unknown_metadata_is_neither if {
	not gcp.metadata_true({"__unknown__": "var"})
	not gcp.metadata_false({"__unknown__": "var"})
}

test_internet_cidr_ipv6 if gcp.internet_cidr("::/0")

test_private_cidr_is_not_internet if not gcp.internet_cidr("10.0.0.0/8")

test_port_in_range if gcp.port_spec_covers("3000-4000", 3389)

test_single_port if gcp.port_spec_covers("22", 22)

test_other_port if not gcp.port_spec_covers("443", 22)

test_default_service_account_address if gcp.default_service_account_email("123456789012-compute@developer.gserviceaccount.com")

test_custom_service_account_address if not gcp.default_service_account_email("app@acme.iam.gserviceaccount.com")

test_default_service_account_data_source if gcp.default_service_account_email({"__unknown__": "data.google_compute_default_service_account.default is read by the provider at plan time"})

test_other_unknown_is_not_default if not gcp.default_service_account_email({"__unknown__": "variable 'sa' has no value"})

test_block_without_email_uses_default if gcp.uses_default_service_account({"scopes": ["cloud-platform"]})

test_block_with_custom_email if not gcp.uses_default_service_account({"email": "app@acme.iam.gserviceaccount.com"})

test_describe_string if gcp.describe("roles/viewer") == "roles/viewer"

test_describe_unknown if gcp.describe({"__unknown__": "var"}) == "(a value not known statically)"

test_metadata_entry_present if gcp.metadata_entry({"metadata": {"enable-oslogin": "TRUE"}}, "enable-oslogin") == "TRUE"

test_metadata_entry_absent_key if gcp.metadata_entry({"metadata": {}}, "enable-oslogin") == null

test_metadata_entry_without_metadata if gcp.metadata_entry({}, "enable-oslogin") == null

test_metadata_entry_unknown_map if not gcp.metadata_entry({"metadata": {"__unknown__": "var"}}, "enable-oslogin")

test_metadata_entry_unknown_value if not gcp.metadata_entry({"metadata": {"enable-oslogin": {"__unknown__": "var"}}}, "enable-oslogin")

test_literal_string_is_quoted if gcp.literal("TRUE") == "\"TRUE\""

test_literal_boolean if gcp.literal(false) == "false"

test_project_os_login_from_project_metadata if {
	vm := {"attrs": {"name": "web"}}
	gcp.project_os_login(vm) with input as {"by_kind": {"google_compute_project_metadata": [{"attrs": {"metadata": {"enable-oslogin": "TRUE"}}}]}}
}

test_project_os_login_other_project if {
	vm := {"attrs": {"project": "acme-dev"}}
	not gcp.project_os_login(vm) with input as {"by_kind": {"google_compute_project_metadata_item": [{"attrs": {"project": "acme-prod", "key": "enable-oslogin", "value": "TRUE"}}]}}
}

test_known_block if gcp.known_block({"ipv4_enabled": false})

test_marker_is_not_a_known_block if not gcp.known_block({"__unknown__": "dynamic block"})

test_unknown_service_account_block_is_not_default if not gcp.uses_default_service_account({"__unknown__": "dynamic block"})

test_project_os_login_unknown_item if {
	vm := {"attrs": {}}
	gcp.project_os_login_unknown(vm) with input as {"by_kind": {"google_compute_project_metadata_item": [{"attrs": {"key": "enable-oslogin", "value": {"__unknown__": "var"}}}]}}
}

test_project_os_login_known_is_not_unknown if {
	vm := {"attrs": {}}
	not gcp.project_os_login_unknown(vm) with input as {"by_kind": {"google_compute_project_metadata": [{"attrs": {"metadata": {"enable-oslogin": "TRUE"}}}]}}
}
