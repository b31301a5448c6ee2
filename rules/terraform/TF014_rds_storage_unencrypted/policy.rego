# METADATA
# title: RDS storage is not encrypted
# description: >-
#   An unencrypted RDS instance or Aurora cluster keeps its data, automated backups, read
#   replicas and snapshots unencrypted, and encryption cannot be switched on later without
#   copying a snapshot and migrating. Reported: an aws_db_instance or aws_rds_cluster whose
#   storage_encrypted is false or left out (it defaults to false, except for Aurora
#   Serverless v1, engine_mode = "serverless", which is always encrypted). Not reported: a
#   read replica (replicate_source_db, replication_source_identifier) or a restore from a
#   snapshot (snapshot_identifier), which take their encryption from the source. Severity
#   HIGH: databases hold the most sensitive data, and the gap is hard to fix afterwards.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#storage_encrypted
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted
# custom:
#   id: TF014
#   name: rds-storage-unencrypted
#   severity: HIGH
#   remediation: >-
#     Set storage_encrypted = true (with kms_key_id = aws_kms_key.<name>.arn for a
#     customer-managed key) on the aws_db_instance or aws_rds_cluster; for an existing
#     database, restore an encrypted copy of a snapshot and switch over.
#   aliases:
#     - CKV_AWS_16
#     - CKV_AWS_96
#     - AVD-AWS-0080
#     - AVD-AWS-0079
#     - 08bd0760-8752-44e1-9779-7bb369b2b4e4
#   targets: [terraform]
package bastion.rules.tf014

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

inherited_from := ["replicate_source_db", "replication_source_identifier", "snapshot_identifier"]

deny contains finding if {
	some database in aws.resources(["aws_db_instance", "aws_rds_cluster"])
	not lib.attribute_unknown(database, "storage_encrypted")
	not aws.is_true(object.get(database.attrs, "storage_encrypted", false))
	not _inherits_encryption(database)
	not _always_encrypted(database)
	finding := _finding(database)
}

_inherits_encryption(database) if {
	some field in inherited_from
	object.get(database.attrs, field, null) != null
}

_always_encrypted(database) if {
	database.kind == "aws_rds_cluster"
	not lib.known(object.get(database.attrs, "engine_mode", null))
}

_always_encrypted(database) if {
	database.kind == "aws_rds_cluster"
	database.attrs.engine_mode == "serverless"
}

_finding(database) := {
	"resource": database.id,
	"attribute": "storage_encrypted",
	"msg": sprintf("%s sets storage_encrypted = %v", [database.name, database.attrs.storage_encrypted]),
} if "storage_encrypted" in object.keys(database.attrs)

_finding(database) := {
	"resource": database.id,
	"msg": sprintf("%s does not set storage_encrypted = true, so its storage and backups are unencrypted", [database.name]),
} if not "storage_encrypted" in object.keys(database.attrs)
