# METADATA
# title: EKS API endpoint is open to the whole internet
# description: >-
#   The Kubernetes API server of an EKS cluster is public by default and accepts connections
#   from 0.0.0.0/0, so every unpatched API server vulnerability, leaked kubeconfig or weak
#   OIDC setup is exploitable from anywhere. An aws_eks_cluster is reported when its
#   vpc_config leaves the public endpoint on (endpoint_public_access defaults to true) and
#   public_access_cidrs includes 0.0.0.0/0 or is left out (it then defaults to 0.0.0.0/0). A
#   public endpoint restricted to named CIDRs, or a private-only endpoint, is not reported.
#   Severity HIGH: the cluster's control plane is one credential or one CVE away from the
#   internet. Settings that cannot be known statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#vpc_config
# custom:
#   id: TF030
#   name: eks-public-endpoint-open
#   severity: HIGH
#   remediation: >-
#     In vpc_config, set endpoint_private_access = true and endpoint_public_access = false,
#     or keep the public endpoint with public_access_cidrs = ["<office or VPN CIDR>"].
#   aliases:
#     - CKV_AWS_39
#     - CKV_AWS_38
#     - AVD-AWS-0040
#     - AVD-AWS-0041
#   targets: [terraform]
package bastion.rules.tf030

import data.bastion.lib
import rego.v1

open_cidrs := {"0.0.0.0/0", "::/0"}

deny contains finding if {
	some [cluster, config, path] in _public_endpoints
	is_array(config.public_access_cidrs)
	some cidr in config.public_access_cidrs
	cidr in open_cidrs
	finding := {
		"resource": cluster.id,
		"attribute": concat("", [path, ".public_access_cidrs"]),
		"msg": sprintf("EKS cluster %s has a public API endpoint open to %s", [cluster.name, cidr]),
	}
}

deny contains finding if {
	some [cluster, config, path] in _public_endpoints
	not "public_access_cidrs" in object.keys(config)
	finding := {
		"resource": cluster.id,
		"attribute": _public_access_attribute(config, path),
		"msg": sprintf("EKS cluster %s has a public API endpoint and no public_access_cidrs, so it is open to 0.0.0.0/0", [cluster.name]),
	}
}

# [cluster, vpc_config block, its path] for every vpc_config whose public endpoint is on.
_public_endpoints contains [cluster, config, path] if {
	some cluster in object.get(input.by_kind, "aws_eks_cluster", [])
	some i, config in object.get(cluster.attrs, "vpc_config", [])
	path := sprintf("vpc_config[%d]", [i])
	not lib.attribute_unknown(cluster, concat("", [path, ".endpoint_public_access"]))
	object.get(config, "endpoint_public_access", true) == true
}

_public_access_attribute(config, path) := concat("", [path, ".endpoint_public_access"]) if "endpoint_public_access" in object.keys(config)

_public_access_attribute(config, path) := path if not "endpoint_public_access" in object.keys(config)
