# METADATA
# title: Instance block device is not encrypted
# description: >-
#   The disks of an EC2 instance, an Auto Scaling launch configuration or a launch template
#   hold the operating system, application data and often credentials; unencrypted, they
#   and their snapshots are readable by anyone who gets a copy. Reported: a root_block_device
#   or ebs_block_device of aws_instance or aws_launch_configuration, or an ebs block of an
#   aws_launch_template's block_device_mappings, whose `encrypted` is false or left out
#   (unless it is created from a snapshot, whose encryption it inherits); and an aws_instance
#   or aws_launch_configuration without a root_block_device, whose root volume is then
#   created unencrypted from an unencrypted AMI (an instance launched from a launch template
#   takes its disks from the template). Nothing is reported in a root module that declares
#   aws_ebs_encryption_by_default with enabled true. Severity HIGH: disks hold databases,
#   keys and logs.
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#ebs-ephemeral-and-root-block-devices
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template#block-devices
# custom:
#   id: TF012
#   name: instance-block-device-unencrypted
#   severity: HIGH
#   remediation: >-
#     Add root_block_device { encrypted = true } and encrypted = true in every ebs_block_device
#     (ebs { encrypted = true } in a launch template's block_device_mappings), or enable
#     resource "aws_ebs_encryption_by_default" "this" { enabled = true }.
#   aliases:
#     - CKV_AWS_8
#     - AVD-AWS-0131
#     - AVD-AWS-0008
#   targets: [terraform]
package bastion.rules.tf012

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

device_kinds := ["aws_instance", "aws_launch_configuration"]

deny contains finding if {
	some node in aws.resources(device_kinds)
	not aws.ebs_encrypted_by_default(node)
	some device in _devices(node)
	not lib.attribute_unknown(node, device.path)
	not aws.is_true(object.get(device.value, "encrypted", false))
	object.get(device.value, "snapshot_id", null) == null
	finding := _device_finding(node, device)
}

deny contains finding if {
	some node in aws.resources(device_kinds)
	not aws.ebs_encrypted_by_default(node)
	count(object.get(node.attrs, "root_block_device", [])) == 0
	not lib.attribute_unknown(node, "root_block_device")
	object.get(node.attrs, "launch_template", []) == []
	finding := {
		"resource": node.id,
		"msg": sprintf("%s has no root_block_device with encrypted = true, so its root volume is unencrypted unless the AMI is", [node.name]),
	}
}

deny contains finding if {
	some template in object.get(input.by_kind, "aws_launch_template", [])
	not aws.ebs_encrypted_by_default(template)
	some i, mapping in object.get(template.attrs, "block_device_mappings", [])
	some j, ebs in object.get(mapping, "ebs", [])
	device := {"path": sprintf("block_device_mappings[%d].ebs[%d]", [i, j]), "value": ebs, "name": _label(object.get(mapping, "device_name", null))}
	not lib.attribute_unknown(template, device.path)
	not aws.is_true(object.get(ebs, "encrypted", false))
	object.get(ebs, "snapshot_id", null) == null
	finding := _device_finding(template, device)
}

_devices(node) := [device |
	some field in ["root_block_device", "ebs_block_device"]
	some i, value in object.get(node.attrs, field, [])
	device := {"path": sprintf("%s[%d]", [field, i]), "value": value, "name": _device_name(field, value)}
]

_device_name("root_block_device", _) := "root block device"

_device_name("ebs_block_device", value) := _label(object.get(value, "device_name", null))

_label(name) := sprintf("block device %s", [name]) if is_string(name)

_label(name) := "a block device" if not is_string(name)

_device_finding(node, device) := {
	"resource": node.id,
	"attribute": concat("", [device.path, ".encrypted"]),
	"msg": sprintf("%s: %s sets encrypted = %v", [node.name, device.name, device.value.encrypted]),
} if "encrypted" in object.keys(device.value)

_device_finding(node, device) := {
	"resource": node.id,
	"attribute": device.path,
	"msg": sprintf("%s: %s does not set encrypted = true", [node.name, device.name]),
} if not "encrypted" in object.keys(device.value)
