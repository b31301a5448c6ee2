"""bastion: a policy-as-code scanner for Terraform, Kubernetes and Dockerfiles.

Importing this package must stay cheap: `bastion --version` imports nothing else.
"""

__version__ = "0.1.0"
