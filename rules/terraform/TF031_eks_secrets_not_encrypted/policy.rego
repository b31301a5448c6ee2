# METADATA
# title: EKS secrets are not encrypted with a KMS key
# description: >-
#   Envelope encryption of Kubernetes secrets with a customer-managed KMS key means that a copy
#   of etcd, or an API path that leaks raw storage, yields only ciphertext, and that access
#   to secrets can be cut off and audited through the key. An aws_eks_cluster is reported
#   when no encryption_config lists "secrets" in resources. (Newer EKS versions encrypt
#   stored objects with an AWS-owned key by default; that key cannot be audited, restricted
#   or revoked by you.) Severity MEDIUM: it protects secrets at rest inside a service AWS
#   already guards, adding key control and audit. An encryption_config that cannot be known
#   statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#encryption_config
# custom:
#   id: TF031
#   name: eks-secrets-not-encrypted
#   severity: MEDIUM
#   remediation: >-
#     Add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.<name>.arn } }
#     to the aws_eks_cluster.
#   aliases:
#     - CKV_AWS_58
#     - AVD-AWS-0039
#   targets: [terraform]
package bastion.rules.tf031

import data.bastion.lib
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "aws_eks_cluster", [])
	not lib.attribute_unknown(cluster, "encryption_config")
	not _encrypts_secrets(cluster)
	finding := object.union(
		{
			"resource": cluster.id,
			"msg": sprintf("EKS cluster %s has no encryption_config for \"secrets\", so Kubernetes secrets are not encrypted with your KMS key", [cluster.name]),
		},
		_attribute(cluster),
	)
}

_encrypts_secrets(cluster) if {
	some config in cluster.attrs.encryption_config
	"secrets" in config.resources
}

_attribute(cluster) := {"attribute": "encryption_config[0]"} if count(object.get(cluster.attrs, "encryption_config", [])) > 0

_attribute(cluster) := {} if count(object.get(cluster.attrs, "encryption_config", [])) == 0
