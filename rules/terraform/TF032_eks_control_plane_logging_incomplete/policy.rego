# METADATA
# title: EKS control plane audit logging is incomplete
# description: >-
#   The api, audit and authenticator logs of the EKS control plane record who called the
#   Kubernetes API, what they did, and which IAM identity they authenticated as; without
#   them, a stolen token or a malicious change to RBAC leaves no trace outside the cluster.
#   An aws_eks_cluster is reported when enabled_cluster_log_types is left out (no logs) or
#   lacks one of api, audit and authenticator. The controllerManager and scheduler logs are
#   useful for operations but hold no security evidence, so they are not required (a
#   deliberate difference from checks that require all five types). Severity MEDIUM: the gap
#   is in detection and investigation. A list that cannot be known statically is not
#   reported.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#enabled_cluster_log_types
# custom:
#   id: TF032
#   name: eks-control-plane-logging-incomplete
#   severity: MEDIUM
#   remediation: >-
#     Set enabled_cluster_log_types = ["api", "audit", "authenticator"] (add
#     "controllerManager" and "scheduler" if you want them) on the aws_eks_cluster.
#   aliases:
#     - CKV_AWS_37
#     - AVD-AWS-0038
#   targets: [terraform]
package bastion.rules.tf032

import data.bastion.lib
import rego.v1

required := ["api", "audit", "authenticator"]

deny contains finding if {
	some cluster in object.get(input.by_kind, "aws_eks_cluster", [])
	enabled := object.get(cluster.attrs, "enabled_cluster_log_types", [])
	lib.known(enabled)
	is_array(enabled)
	missing := [log_type | some log_type in required; not log_type in enabled]
	count(missing) > 0
	finding := object.union(
		{
			"resource": cluster.id,
			"msg": sprintf("EKS cluster %s does not send the %s control plane logs", [cluster.name, concat(", ", missing)]),
		},
		_attribute(cluster),
	)
}

_attribute(cluster) := {"attribute": "enabled_cluster_log_types"} if "enabled_cluster_log_types" in object.keys(cluster.attrs)

_attribute(cluster) := {} if not "enabled_cluster_log_types" in object.keys(cluster.attrs)
