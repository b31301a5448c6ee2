# METADATA
# title: Cloud KMS key is not rotated at least every 90 days
# description: >-
#   A symmetric Cloud KMS key without automatic rotation (or with a period over 90 days)
#   keeps encrypting new data with the same key version for years, so a leaked or
#   cryptanalysed version exposes more data and compliance regimes (CIS, PCI DSS) fail the
#   key. Severity MEDIUM: rotation limits the blast radius of a key compromise rather than
#   preventing one. Reports google_kms_crypto_key resources for symmetric encryption (purpose
#   ENCRYPT_DECRYPT, the default) whose `rotation_period` is missing or longer than 7776000s;
#   asymmetric, MAC and raw keys, which Cloud KMS cannot rotate automatically, are skipped.
#   Values that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/kms/docs/key-rotation
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/kms_crypto_key#rotation_period
# custom:
#   id: TF218
#   name: kms-key-rotation-over-90-days
#   severity: MEDIUM
#   remediation: >-
#     Set `rotation_period = "7776000s"` (90 days) or shorter on the google_kms_crypto_key;
#     existing data stays readable with the older key versions.
#   aliases:
#     - CKV_GCP_43
#     - AVD-GCP-0065
#     - 352271ca-842f-408a-8b24-f6f2b76eb027
#   frameworks:
#     cis-gcp-foundations-1.3: ["1.10"]
#   targets: [terraform]
package bastion.rules.tf218

import data.bastion.lib
import rego.v1

# 90 days in seconds.
max_rotation_seconds := 7776000

deny contains finding if {
	some key in _symmetric_keys
	period := key.attrs.rotation_period
	is_string(period)
	regex.match(`^[0-9]+(\.[0-9]+)?s$`, trim_space(period))
	seconds := to_number(trim_suffix(trim_space(period), "s"))
	seconds > max_rotation_seconds
	finding := {
		"resource": key.id,
		"attribute": "rotation_period",
		"msg": sprintf("KMS key %s rotates only every %s (%d days), more than 90 days", [key.name, period, floor(seconds / 86400)]),
	}
}

deny contains finding if {
	some key in _symmetric_keys
	object.get(key.attrs, "rotation_period", null) == null
	not lib.attribute_unknown(key, "rotation_period")
	finding := {
		"resource": key.id,
		"msg": sprintf("KMS key %s is never rotated automatically (no rotation_period)", [key.name]),
	}
}

_symmetric_keys contains key if {
	some key in object.get(input.by_kind, "google_kms_crypto_key", [])
	object.get(key.attrs, "purpose", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
}
