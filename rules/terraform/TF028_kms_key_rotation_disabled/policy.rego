# METADATA
# title: KMS key rotation is off
# description: >-
#   Automatic rotation gives a customer-managed key new key material every year (or on the
#   period you choose) while old ciphertext stays readable, which limits how much data any
#   one version of the key protects and meets the rotation requirements of most compliance
#   regimes. An aws_kms_key is reported when enable_key_rotation is false or left out (it
#   defaults to false). Keys that cannot be rotated automatically are not reported:
#   asymmetric and HMAC keys (customer_master_key_spec other than SYMMETRIC_DEFAULT), keys
#   whose key_usage is not ENCRYPT_DECRYPT, and keys in a custom key store. Severity MEDIUM:
#   it limits the impact of a key compromise rather than preventing one. Settings that cannot
#   be known statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation
# custom:
#   id: TF028
#   name: kms-key-rotation-disabled
#   severity: MEDIUM
#   remediation: Set enable_key_rotation = true (optionally rotation_period_in_days) on the aws_kms_key.
#   aliases:
#     - CKV_AWS_7
#     - AVD-AWS-0065
#   frameworks:
#     cis-aws-foundations-1.5: ["3.8"]
#   targets: [terraform]
package bastion.rules.tf028

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some key in object.get(input.by_kind, "aws_kms_key", [])
	object.get(key.attrs, "customer_master_key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
	object.get(key.attrs, "key_usage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
	object.get(key.attrs, "custom_key_store_id", null) in {null, ""}
	not lib.attribute_unknown(key, "enable_key_rotation")
	not aws.is_true(object.get(key.attrs, "enable_key_rotation", false))
	finding := _finding(key)
}

_finding(key) := {
	"resource": key.id,
	"attribute": "enable_key_rotation",
	"msg": sprintf("KMS key %s sets enable_key_rotation = %v", [key.name, key.attrs.enable_key_rotation]),
} if "enable_key_rotation" in object.keys(key.attrs)

_finding(key) := {
	"resource": key.id,
	"msg": sprintf("KMS key %s does not set enable_key_rotation = true, so its key material never changes", [key.name]),
} if not "enable_key_rotation" in object.keys(key.attrs)
