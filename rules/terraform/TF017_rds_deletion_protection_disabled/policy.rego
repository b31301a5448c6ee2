# METADATA
# title: RDS deletion protection is off
# description: >-
#   Deletion protection makes RDS refuse to delete a database until the setting is turned off
#   first, so a mistaken `terraform destroy`, a resource rename that Terraform plans as
#   replace, or a hurried console click cannot drop production data. Reported: an
#   aws_db_instance or aws_rds_cluster whose deletion_protection is false or left out (it
#   defaults to false). Severity MEDIUM: it guards against accidents and careless
#   automation rather than against attackers, but the loss it prevents is total. A setting
#   that cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection
# custom:
#   id: TF017
#   name: rds-deletion-protection-disabled
#   severity: MEDIUM
#   remediation: >-
#     Set deletion_protection = true on the aws_db_instance or aws_rds_cluster (and keep
#     skip_final_snapshot = false), so deleting it takes a deliberate change first.
#   aliases:
#     - CKV_AWS_293
#     - CKV_AWS_139
#     - AVD-AWS-0177
#   targets: [terraform]
package bastion.rules.tf017

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some database in aws.resources(["aws_db_instance", "aws_rds_cluster"])
	not lib.attribute_unknown(database, "deletion_protection")
	not aws.is_true(object.get(database.attrs, "deletion_protection", false))
	finding := _finding(database)
}

_finding(database) := {
	"resource": database.id,
	"attribute": "deletion_protection",
	"msg": sprintf("%s sets deletion_protection = %v", [database.name, database.attrs.deletion_protection]),
} if "deletion_protection" in object.keys(database.attrs)

_finding(database) := {
	"resource": database.id,
	"msg": sprintf("%s does not set deletion_protection = true, so it can be deleted in one step", [database.name]),
} if not "deletion_protection" in object.keys(database.attrs)
