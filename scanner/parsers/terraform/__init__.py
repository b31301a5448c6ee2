"""Terraform: ``.tf``, ``.tf.json``, ``.tfvars``, plan JSON and ``.terraform.lock.hcl`` to graph nodes."""
