# METADATA
# title: ECR repository allows image tags to be overwritten
# description: >-
#   With mutable tags, pushing an image under an existing tag silently replaces what that tag
#   deploys: a compromised CI job or a careless push changes production without any change to
#   the manifests that reference it, and the image that was scanned is no longer the one that
#   runs. An aws_ecr_repository is reported when image_tag_mutability is MUTABLE or left out
#   (it defaults to MUTABLE); IMMUTABLE and IMMUTABLE_WITH_EXCLUSION pass. Severity MEDIUM:
#   it needs push access to exploit, but then bypasses review and scanning. A setting that
#   cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability
# custom:
#   id: TF040
#   name: ecr-mutable-image-tags
#   severity: MEDIUM
#   remediation: >-
#     Set image_tag_mutability = "IMMUTABLE" on the aws_ecr_repository and publish every build
#     under a new tag (a version or commit SHA); deploy by digest where you can.
#   aliases:
#     - CKV_AWS_51
#     - AVD-AWS-0031
#   targets: [terraform]
package bastion.rules.tf040

import rego.v1

deny contains finding if {
	some repository in object.get(input.by_kind, "aws_ecr_repository", [])
	repository.attrs.image_tag_mutability == "MUTABLE"
	finding := {
		"resource": repository.id,
		"attribute": "image_tag_mutability",
		"msg": sprintf("ECR repository %s sets image_tag_mutability = MUTABLE, so tags can be overwritten", [repository.name]),
	}
}

deny contains finding if {
	some repository in object.get(input.by_kind, "aws_ecr_repository", [])
	not "image_tag_mutability" in object.keys(repository.attrs)
	finding := {
		"resource": repository.id,
		"msg": sprintf("ECR repository %s does not set image_tag_mutability, so tags are mutable and can be overwritten", [repository.name]),
	}
}
