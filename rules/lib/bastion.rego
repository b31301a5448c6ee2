# METADATA
# title: Shared helpers for bastion rules
# description: >-
#   Helpers every rule of the pack (and any native user policy) can import with
#   `import data.bastion.lib`. Above all they keep rules from deciding on values the
#   scanner could not know: a parser puts {"__unknown__": "<reason>"} where a value cannot
#   be known statically (a data source, a provider-computed attribute), and lists the
#   attribute path in node.unknown.
package bastion.lib

import rego.v1

# is_unknown(x) is true when x is the marker of a value that could not be known.
is_unknown(x) if {
	is_object(x)
	object.keys(x) == {"__unknown__"}
}

# has_unknown(x) is true when x is, or contains at any depth, an unknown marker.
has_unknown(x) if {
	walk(x, [_, value])
	is_unknown(value)
}

# known(x) is true when x is defined and holds no unknown marker at any depth.
known(x) if not has_unknown(x)

# attribute_unknown(node, path) is true when the node lists the attribute path as unknown,
# or lists one of its ancestors (the parent object) or descendants.
attribute_unknown(node, path) if {
	some unknown_path in node.unknown
	_related_paths(unknown_path, path)
}

_related_paths(a, b) if a == b

_related_paths(a, b) if startswith(b, concat("", [a, "."]))

_related_paths(a, b) if startswith(b, concat("", [a, "["]))

_related_paths(a, b) if startswith(a, concat("", [b, "."]))

_related_paths(a, b) if startswith(a, concat("", [b, "["]))

# number(x) is x as a number when it is a number or a string of decimal digits; undefined
# otherwise (to_number would raise an error on other strings).
number(x) := x if is_number(x)

number(x) := to_number(x) if {
	is_string(x)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, x)
}

# pod_containers(node) is the list of every container of a workload (containers,
# initContainers, ephemeralContainers), each carrying __source and __path; empty when the
# node has no pod spec.
pod_containers(node) := containers if {
	containers := node.attrs.__pod_spec.__containers
	is_array(containers)
} else := []

# edges_to(id) / edges_from(id) are the edges reaching / leaving a node ([] when none).
edges_to(id) := object.get(input.edges_to, id, [])

edges_from(id) := object.get(input.edges_from, id, [])
