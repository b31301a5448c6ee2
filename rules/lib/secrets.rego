# METADATA
# title: Shared helpers for the secret rules
# description: >-
#   Bastion finds hard-coded secrets before any rule runs (scanner/secrets, docs/secrets.md):
#   each node where a secret is written gets attrs.__secrets, a list of
#   {"attribute", "type", "description"} entries, and every copy of the value is replaced by
#   "<redacted:TYPE>". These helpers read that list and split it by where a secret sits, so each
#   secret rule reports its own share once. Import with `import data.bastion.lib.secrets`.
package bastion.lib.secrets

import data.bastion.lib
import rego.v1

# entries(node) is the node's list of detected secrets ([] when none).
entries(node) := found if {
	found := node.attrs.__secrets
	is_array(found)
} else := []

# label(entry) names a secret in a message without its value: "GitHub token (github-token)".
label(entry) := sprintf("%s (%s)", [entry.description, entry.type])

# under(attribute, prefix) is true when the attribute path is prefix or lies inside it.
under(attribute, prefix) if attribute == prefix

under(attribute, prefix) if startswith(attribute, concat("", [prefix, "."]))

under(attribute, prefix) if startswith(attribute, concat("", [prefix, "["]))

# Terraform: instance boot scripts (AWS user data, Azure custom data, GCP startup scripts).
user_data_attributes := [
	"user_data", "user_data_base64", "custom_data", "metadata_startup_script",
	`metadata["startup-script"]`, `metadata["user-data"]`,
]

tf_user_data(entry) if {
	some prefix in user_data_attributes
	under(entry.attribute, prefix)
}

# Terraform: where a resource type keeps the environment of the code it runs.
runtime_environments := {
	"aws_lambda_function": ["environment"],
	"aws_ecs_task_definition": ["container_definitions"],
	"aws_batch_job_definition": ["container_properties"],
	"aws_apprunner_service": ["source_configuration"],
	"aws_elastic_beanstalk_environment": ["setting"],
	"azurerm_container_group": ["container"],
	"azurerm_container_app": ["template"],
	"azurerm_linux_function_app": ["app_settings"],
	"azurerm_windows_function_app": ["app_settings"],
	"azurerm_function_app": ["app_settings"],
	"azurerm_linux_web_app": ["app_settings"],
	"azurerm_windows_web_app": ["app_settings"],
	"azurerm_app_service": ["app_settings"],
	"google_cloudfunctions_function": ["environment_variables", "build_environment_variables"],
	"google_cloudfunctions2_function": ["service_config", "build_config"],
	"google_cloud_run_service": ["template"],
	"google_cloud_run_v2_service": ["template"],
	"google_cloud_run_v2_job": ["template"],
}

tf_runtime_environment(node, entry) if {
	some prefix in object.get(runtime_environments, node.kind, [])
	under(entry.attribute, prefix)
}

# Kubernetes: the container (of a workload's pod spec) whose spec holds the entry.
container_of(node, entry) := container if {
	some container in lib.pod_containers(node)
	under(entry.attribute, container.__path)
}

k8s_in_container(node, entry) if container_of(node, entry)

k8s_config_map_data(node, entry) if {
	node.kind == "ConfigMap"
	some field in ["data", "binaryData"]
	under(entry.attribute, field)
}

k8s_secret_data(node, entry) if {
	node.kind == "Secret"
	node.attrs.apiVersion == "v1"
	some field in ["data", "stringData"]
	under(entry.attribute, field)
}

# Dockerfile: ENV, ARG and LABEL values of a stage, and instructions (RUN, CMD...).
docker_image_metadata(entry) if {
	some field in ["env", "args", "labels"]
	under(entry.attribute, field)
}

docker_instruction(entry) if under(entry.attribute, "instructions")
