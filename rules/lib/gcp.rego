# METADATA
# title: Shared helpers for the Google Cloud (google provider) rules of the pack
# description: >-
#   Value tests the google rules share (`import data.bastion.lib.gcp`): public IAM members,
#   metadata booleans, internet-wide CIDRs, firewall port specifications and the default
#   Compute Engine service account. Every helper is undefined (false) for an unknown marker,
#   so a rule built on them stays silent on values that cannot be known statically.
package bastion.lib.gcp

import data.bastion.lib
import rego.v1

# known_block(x) is true for an object that is not the unknown marker: a nested block whose
# content the parser knows (a dynamic block with an unknown for_each is the marker instead).
known_block(x) if {
	is_object(x)
	not lib.is_unknown(x)
}

# The IAM principals that stand for everyone on the internet, or any Google account.
public_members := {"allUsers", "allAuthenticatedUsers"}

# public_member(member) is true for allUsers or allAuthenticatedUsers.
public_member(member) if member in public_members

# Spellings of a true and a false boolean in Compute Engine metadata values.
metadata_true_values := {"true", "1", "y", "yes"}

metadata_false_values := {"false", "0", "n", "no"}

# metadata_true(x) is true for a metadata value that means true (true, "TRUE", "1", "yes"...).
metadata_true(x) if x == true

metadata_true(x) if {
	is_string(x)
	lower(trim_space(x)) in metadata_true_values
}

# metadata_false(x) is true for a metadata value that means false (false, "FALSE", "0", "no"...).
metadata_false(x) if x == false

metadata_false(x) if {
	is_string(x)
	lower(trim_space(x)) in metadata_false_values
}

# is_true(x) is true for the boolean true or the string "true" (any case).
is_true(x) if x == true

is_true(x) if {
	is_string(x)
	lower(trim_space(x)) == "true"
}

# is_false(x) is true for the boolean false or the string "false" (any case).
is_false(x) if x == false

is_false(x) if {
	is_string(x)
	lower(trim_space(x)) == "false"
}

# internet_cidr(cidr) is true for a range that holds every IPv4 or every IPv6 address.
internet_cidr(cidr) if {
	is_string(cidr)
	trim_space(cidr) in {"0.0.0.0/0", "::/0"}
}

# port_spec_covers(spec, port) is true when a firewall port specification ("22", "20-25",
# or a number) includes the port.
port_spec_covers(spec, port) if lib.number(spec) == port

port_spec_covers(spec, port) if {
	is_string(spec)
	bounds := split(trim_space(spec), "-")
	count(bounds) == 2
	lib.number(trim_space(bounds[0])) <= port
	port <= lib.number(trim_space(bounds[1]))
}

# default_service_account_email(email) is true for the e-mail address of a project's default
# Compute Engine service account (<project number>-compute@developer.gserviceaccount.com).
default_service_account_email(email) if {
	is_string(email)
	regex.match(`^[0-9]+-compute@developer\.gserviceaccount\.com$`, trim_space(email))
}

# default_service_account_email(email) is also true for a value read from the
# google_compute_default_service_account data source: its address is only known at plan time,
# but it is by definition the default service account.
default_service_account_email(email) if {
	lib.is_unknown(email)
	regex.match(`(^|\.)data\.google_compute_default_service_account\.`, email.__unknown__)
}

# uses_default_service_account(block) is true for a `service_account` block that selects the
# default Compute Engine service account: without `email` (the provider then uses the
# default) or with the default account's address.
uses_default_service_account(block) if {
	known_block(block)
	object.get(block, "email", null) == null
}

uses_default_service_account(block) if default_service_account_email(block.email)

# The Compute Engine resources that describe a VM's service account and metadata.
instance_kinds := {
	"google_compute_instance",
	"google_compute_instance_template",
	"google_compute_region_instance_template",
	"google_compute_instance_from_template",
}

# metadata_entry(attrs, key) is the value of a key of the resource's `metadata` map, null when
# the key (or the whole map) is absent; undefined when the map or the value cannot be known.
metadata_entry(attrs, key) := value if {
	metadata := _metadata(attrs)
	value := object.get(metadata, key, null)
	not lib.is_unknown(value)
}

_metadata(attrs) := {} if object.get(attrs, "metadata", null) == null

else := attrs.metadata if {
	is_object(attrs.metadata)
	not lib.is_unknown(attrs.metadata)
}

# describe(x) is x when it is a string, else a phrase saying the value is not known, so that
# messages never print an unknown marker.
describe(x) := x if is_string(x)

else := "(a value not known statically)"

# project_os_login(resource) is true when a google_compute_project_metadata (or _item) of the
# scan turns OS Login on for the resource's project: the same `project` argument, or neither
# sets one (both use the provider's default project).
project_os_login(resource) if {
	some project_metadata in object.get(input.by_kind, "google_compute_project_metadata", [])
	same_project(resource, project_metadata)
	metadata_true(metadata_entry(project_metadata.attrs, "enable-oslogin"))
}

project_os_login(resource) if {
	some item in object.get(input.by_kind, "google_compute_project_metadata_item", [])
	item.attrs.key == "enable-oslogin"
	metadata_true(item.attrs.value)
	same_project(resource, item)
}

# project_os_login_unknown(resource) is true when a project metadata resource of the scan for
# the resource's project sets enable-oslogin to a value that cannot be known statically.
project_os_login_unknown(resource) if {
	some project_metadata in object.get(input.by_kind, "google_compute_project_metadata", [])
	same_project(resource, project_metadata)
	not metadata_entry(project_metadata.attrs, "enable-oslogin")
}

project_os_login_unknown(resource) if {
	some item in object.get(input.by_kind, "google_compute_project_metadata_item", [])
	item.attrs.key == "enable-oslogin"
	lib.is_unknown(item.attrs.value)
	same_project(resource, item)
}

# same_project(a, b) is true when two resources name the same project, or neither names one.
same_project(a, b) if object.get(a.attrs, "project", null) == object.get(b.attrs, "project", null)

# literal(x) renders a value as Terraform would show it: strings quoted, others as they are.
literal(x) := sprintf("%q", [x]) if is_string(x)

else := sprintf("%v", [x])

# resources_of(kinds) is every node whose kind is in the set, in kind order.
resources_of(kinds) := [node |
	some kind in sort([k | some k in kinds])
	some node in object.get(input.by_kind, kind, [])
]
