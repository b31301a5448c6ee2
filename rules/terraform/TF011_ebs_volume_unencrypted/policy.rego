# METADATA
# title: EBS volume is not encrypted
# description: >-
#   An unencrypted EBS volume keeps its data, and every snapshot taken of it, readable by
#   anyone who obtains a copy: a snapshot shared by mistake, or one copied by an attacker
#   with snapshot permissions. Encryption with KMS costs nothing measurable. An aws_ebs_volume
#   is reported when `encrypted` is false or left out (it defaults to false). Not reported: a
#   volume created from a snapshot (it inherits the snapshot's encryption), and any volume in
#   a root module that declares aws_ebs_encryption_by_default with enabled true, which makes
#   AWS encrypt every new volume. Severity HIGH: disks hold databases, keys and logs.
# related_resources:
#   - https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_volume
# custom:
#   id: TF011
#   name: ebs-volume-unencrypted
#   severity: HIGH
#   remediation: >-
#     Set encrypted = true (and kms_key_id = aws_kms_key.<name>.arn for a customer-managed key)
#     on the aws_ebs_volume, or enable it account-wide with
#     resource "aws_ebs_encryption_by_default" "this" { enabled = true }.
#   aliases:
#     - CKV_AWS_3
#     - AVD-AWS-0026
#   targets: [terraform]
package bastion.rules.tf011

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some volume in object.get(input.by_kind, "aws_ebs_volume", [])
	not lib.attribute_unknown(volume, "encrypted")
	not aws.is_true(object.get(volume.attrs, "encrypted", false))
	object.get(volume.attrs, "snapshot_id", null) == null
	not aws.ebs_encrypted_by_default(volume)
	finding := _finding(volume)
}

_finding(volume) := {
	"resource": volume.id,
	"attribute": "encrypted",
	"msg": sprintf("EBS volume %s sets encrypted = %v", [volume.name, volume.attrs.encrypted]),
} if "encrypted" in object.keys(volume.attrs)

_finding(volume) := {
	"resource": volume.id,
	"msg": sprintf("EBS volume %s does not set encrypted = true, so it is created unencrypted", [volume.name]),
} if not "encrypted" in object.keys(volume.attrs)
