# METADATA
# title: RDS instance is publicly accessible
# description: >-
#   With publicly_accessible = true, RDS gives the database endpoint a public IP address and
#   a DNS name that resolves to it from the internet, so only the security group stands
#   between the database login and every scanner on the internet. Reported: an
#   aws_db_instance or aws_rds_cluster_instance (Aurora) with publicly_accessible = true (the
#   default is false). Severity CRITICAL: a database reachable from the internet is one
#   security group mistake or one weak password away from a breach.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible
# custom:
#   id: TF015
#   name: rds-instance-publicly-accessible
#   severity: CRITICAL
#   remediation: >-
#     Remove publicly_accessible = true (or set it to false), place the database in private
#     subnets through its aws_db_subnet_group, and reach it through the application, a VPN or
#     AWS Systems Manager port forwarding.
#   aliases:
#     - CKV_AWS_17
#     - AVD-AWS-0180
#     - 35113e6f-2c6b-414d-beec-7a9482d3b2d1
#   targets: [terraform]
package bastion.rules.tf015

import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some database in aws.resources(["aws_db_instance", "aws_rds_cluster_instance"])
	aws.is_true(database.attrs.publicly_accessible)
	finding := {
		"resource": database.id,
		"attribute": "publicly_accessible",
		"msg": sprintf("%s sets publicly_accessible = true, so the database gets a public endpoint", [database.name]),
	}
}
