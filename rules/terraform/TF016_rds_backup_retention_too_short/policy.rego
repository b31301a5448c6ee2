# METADATA
# title: RDS automated backups are kept for one day or less
# description: >-
#   Automated backups are what point-in-time recovery restores from; with a retention of one
#   day, corruption or a destructive change noticed after a weekend cannot be undone, and a
#   retention of 0 turns automated backups off. Reported: an aws_db_instance or
#   aws_rds_cluster whose backup_retention_period is 0 or 1, or is left out (the RDS API then
#   keeps backups for one day). Read replicas (replicate_source_db) are not reported: their
#   source is what gets restored. Severity MEDIUM: it does not expose data, but turns a
#   recoverable incident into permanent loss. A retention that cannot be known statically is
#   not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period
# custom:
#   id: TF016
#   name: rds-backup-retention-too-short
#   severity: MEDIUM
#   remediation: >-
#     Set backup_retention_period to the recovery window you need, at least 7 (up to 35) days,
#     e.g. backup_retention_period = 14, with a preferred_backup_window outside peak hours.
#   aliases:
#     - CKV_AWS_133
#     - AVD-AWS-0077
#   targets: [terraform]
package bastion.rules.tf016

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some database in aws.resources(["aws_db_instance", "aws_rds_cluster"])
	object.get(database.attrs, "replicate_source_db", null) == null
	"backup_retention_period" in object.keys(database.attrs)
	days := lib.number(database.attrs.backup_retention_period)
	days < 2
	finding := {
		"resource": database.id,
		"attribute": "backup_retention_period",
		"msg": _message(database.name, days),
	}
}

deny contains finding if {
	some database in aws.resources(["aws_db_instance", "aws_rds_cluster"])
	object.get(database.attrs, "replicate_source_db", null) == null
	not "backup_retention_period" in object.keys(database.attrs)
	finding := {
		"resource": database.id,
		"msg": sprintf("%s does not set backup_retention_period, so automated backups are kept for only 1 day", [database.name]),
	}
}

_message(name, days) := sprintf("%s sets backup_retention_period = 0, which turns automated backups off", [name]) if days <= 0

_message(name, days) := sprintf("%s keeps automated backups for only %v day", [name, days]) if days > 0
