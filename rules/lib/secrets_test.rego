package bastion.lib.secrets_test

import data.bastion.lib.secrets
import rego.v1

entry(attribute) := {"attribute": attribute, "type": "github-token", "description": "GitHub token"}

test_entries_of_a_node_without_secrets if count(secrets.entries({"attrs": {}})) == 0

test_entries_ignore_a_malformed_list if count(secrets.entries({"attrs": {"__secrets": "x"}})) == 0

test_label_names_description_and_type if secrets.label(entry("a")) == "GitHub token (github-token)"

test_under_itself if secrets.under("user_data", "user_data")

test_under_a_child_and_an_item if {
	secrets.under("environment[0].variables.TOKEN", "environment")
	secrets.under("container_definitions[0]", "container_definitions")
}

test_not_under_a_longer_name if not secrets.under("user_data_base64", "user_data")

test_user_data_base64_is_user_data if secrets.tf_user_data(entry("user_data_base64"))

test_gcp_startup_script_is_user_data if secrets.tf_user_data(entry(`metadata["startup-script"]`))

test_tags_are_not_user_data if not secrets.tf_user_data(entry("tags.token"))

test_lambda_environment if secrets.tf_runtime_environment({"kind": "aws_lambda_function"}, entry("environment[0].variables.X"))

test_lambda_description_is_not_environment if not secrets.tf_runtime_environment({"kind": "aws_lambda_function"}, entry("description"))

test_container_of_an_env_value if {
	node := {"kind": "Deployment", "attrs": {"__pod_spec": {"__containers": [{"name": "app", "__path": "spec.template.spec.containers[0]"}]}}}
	secrets.container_of(node, entry("spec.template.spec.containers[0].env[1].value")).name == "app"
}

test_annotation_is_not_in_a_container if {
	node := {"kind": "Deployment", "attrs": {"__pod_spec": {"__containers": [{"name": "app", "__path": "spec.template.spec.containers[0]"}]}}}
	not secrets.k8s_in_container(node, entry(`metadata.annotations["ci/token"]`))
}

test_config_map_binary_data if secrets.k8s_config_map_data({"kind": "ConfigMap"}, entry("binaryData.blob"))

test_secret_string_data if secrets.k8s_secret_data({"kind": "Secret", "attrs": {"apiVersion": "v1"}}, entry("stringData.token"))

test_secret_annotation_is_not_data if not secrets.k8s_secret_data({"kind": "Secret", "attrs": {"apiVersion": "v1"}}, entry("metadata.annotations.x"))

test_docker_label_is_image_metadata if secrets.docker_image_metadata(entry(`labels["secret.token"]`))

test_docker_run_is_an_instruction if secrets.docker_instruction(entry("instructions[4].commands[1]"))
