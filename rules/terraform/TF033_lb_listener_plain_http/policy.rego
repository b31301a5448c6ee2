# METADATA
# title: Load balancer listener serves plain HTTP
# description: >-
#   A listener that forwards plain HTTP sends cookies, tokens and form data across the
#   internet unencrypted, where anyone on the path can read or change them. An
#   aws_lb_listener or aws_alb_listener is reported when its protocol is HTTP (set, or left
#   out on an application load balancer, where it defaults to HTTP) and no default action
#   redirects to HTTPS. A listener whose default action only answers with a fixed response
#   serves no application data and is not reported. Severity HIGH: credentials and session
#   tokens travel in clear text. Protocols or actions that cannot be known statically are not
#   reported.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener
# custom:
#   id: TF033
#   name: lb-listener-plain-http
#   severity: HIGH
#   remediation: >-
#     Serve the application on an HTTPS listener (protocol = "HTTPS", certificate_arn,
#     ssl_policy) and make the HTTP listener's default_action { type = "redirect"
#     redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" } }.
#   aliases:
#     - CKV_AWS_2
#     - CKV2_AWS_20
#     - AVD-AWS-0054
#   targets: [terraform]
package bastion.rules.tf033

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

listener_kinds := ["aws_lb_listener", "aws_alb_listener"]

deny contains finding if {
	some listener in aws.resources(listener_kinds)
	listener.attrs.protocol == "HTTP"
	_serves_content(listener)
	finding := {
		"resource": listener.id,
		"attribute": "protocol",
		"msg": sprintf("listener %s serves plain HTTP without redirecting to HTTPS", [listener.name]),
	}
}

deny contains finding if {
	some listener in aws.resources(listener_kinds)
	not "protocol" in object.keys(listener.attrs)
	_application_load_balancer(listener)
	_serves_content(listener)
	finding := {
		"resource": listener.id,
		"msg": sprintf("listener %s has no protocol, so it serves plain HTTP, and does not redirect to HTTPS", [listener.name]),
	}
}

_serves_content(listener) if {
	actions := object.get(listener.attrs, "default_action", [])
	lib.known(actions)
	not _redirects_to_https(actions)
	not _fixed_response_only(actions)
}

_redirects_to_https(actions) if {
	some action in actions
	action.type == "redirect"
	some redirect in action.redirect
	redirect.protocol == "HTTPS"
}

_fixed_response_only(actions) if {
	count(actions) > 0
	every action in actions {
		action.type == "fixed-response"
	}
}

_application_load_balancer(listener) if {
	some id in aws.attribute_ids(listener, "load_balancer_arn", {"aws_lb", "aws_alb"}, {})
	object.get(input.by_id[id].attrs, "load_balancer_type", "application") == "application"
}
