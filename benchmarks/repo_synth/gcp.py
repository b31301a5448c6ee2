"""Google Cloud resource templates for the synthetic repository: related blocks per concern.

Same contract as :mod:`repo_synth.aws`: each group returns blocks where later ones only refer
to earlier ones.
"""

from __future__ import annotations

from repo_synth.tf_context import TfDir

PROVIDER = "google"
DATA_SOURCES = (
    'data "google_project" "this" {}\n',
    'data "google_client_config" "current" {}\n',
)


def network(d: TfDir) -> list[str]:
    """A VPC network, a subnetwork with secondary ranges, a firewall, a router and NAT."""
    n = d.unique("google_compute_network")
    source = d.pick('"0.0.0.0/0"', '"35.235.240.0/20"', '"35.235.240.0/20"')
    d.export("network_id", f"google_compute_network.{n}.id", "ID of the VPC network.")
    return [
        f'resource "google_compute_network" "{n}" {{\n  name                    = "${{{d.prefix}}}-{n}"\n'
        f"  project                 = var.project_id\n  auto_create_subnetworks = false\n"
        f'  routing_mode            = "REGIONAL"\n}}\n',
        f'resource "google_compute_subnetwork" "{n}" {{\n  name          = "${{{d.prefix}}}-{n}-${{var.region}}"\n'
        f"  project       = var.project_id\n  region        = var.region\n"
        f"  network       = google_compute_network.{n}.id\n  ip_cidr_range = var.subnet_cidr\n"
        f"  private_ip_google_access = true\n\n"
        f'  secondary_ip_range {{\n    range_name    = "pods"\n    ip_cidr_range = cidrsubnet(var.subnet_cidr, 2, 1)\n  }}\n\n'
        f'  secondary_ip_range {{\n    range_name    = "services"\n    ip_cidr_range = cidrsubnet(var.subnet_cidr, 2, 2)\n  }}\n\n'
        f'  log_config {{\n    aggregation_interval = "INTERVAL_10_MIN"\n    flow_sampling        = 0.5\n  }}\n}}\n',
        f'resource "google_compute_firewall" "{n}_ssh" {{\n  name    = "${{{d.prefix}}}-{n}-allow-ssh"\n'
        f"  project = var.project_id\n  network = google_compute_network.{n}.name\n\n"
        f'  allow {{\n    protocol = "tcp"\n    ports    = ["22"]\n  }}\n\n'
        f'  source_ranges = [{source}]\n  target_tags   = ["ssh"]\n}}\n',
        f'resource "google_compute_router" "{n}" {{\n  name    = "${{{d.prefix}}}-{n}-router"\n'
        f"  project = var.project_id\n  region  = var.region\n  network = google_compute_network.{n}.id\n}}\n",
        f'resource "google_compute_router_nat" "{n}" {{\n  name                               = "${{{d.prefix}}}-{n}-nat"\n'
        f"  project                            = var.project_id\n  router                             = google_compute_router.{n}.name\n"
        f'  region                             = var.region\n  nat_ip_allocate_option             = "AUTO_ONLY"\n'
        f'  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"\n\n'
        f'  log_config {{\n    enable = true\n    filter = "ERRORS_ONLY"\n  }}\n}}\n',
    ]


def storage(d: TfDir) -> list[str]:
    """A bucket with versioning, lifecycle rules and an IAM member binding."""
    b = d.unique("google_storage_bucket")
    member = d.pick('"allUsers"', '"serviceAccount:${var.project_id}@appspot.gserviceaccount.com"',
                    '"group:data-readers@example.com"')
    d.export(f"{b}_bucket_url", f"google_storage_bucket.{b}.url", f"URL of the {b} bucket.")
    return [
        f'resource "google_storage_bucket" "{b}" {{\n  name                        = "${{var.project_id}}-{b}"\n'
        f"  project                     = var.project_id\n  location                    = var.bucket_location\n"
        f"  uniform_bucket_level_access = {d.pick('true', 'true', 'false')}\n"
        f'  public_access_prevention    = "{d.pick("enforced", "inherited")}"\n  force_destroy               = false\n\n'
        f"  versioning {{\n    enabled = true\n  }}\n\n"
        f"  lifecycle_rule {{\n    condition {{\n      age = var.retention_days\n    }}\n"
        f'    action {{\n      type = "Delete"\n    }}\n  }}\n\n'
        f"  lifecycle_rule {{\n    condition {{\n      age = 30\n    }}\n"
        f'    action {{\n      type          = "SetStorageClass"\n      storage_class = "NEARLINE"\n    }}\n  }}\n\n'
        f"  labels = var.labels\n}}\n",
        f'resource "google_storage_bucket_iam_member" "{b}" {{\n  bucket = google_storage_bucket.{b}.name\n'
        f'  role   = "roles/storage.objectViewer"\n  member = {member}\n}}\n',
    ]


def iam(d: TfDir) -> list[str]:
    """A service account and its project role bindings (``for_each`` over a set of roles)."""
    s = d.unique("google_service_account", d.pick("app", "ci", "runner", "reader"))
    d.export(f"{s}_service_account_email", f"google_service_account.{s}.email", f"Email of {s}.")
    return [
        f'resource "google_service_account" "{s}" {{\n  project      = var.project_id\n'
        f'  account_id   = "${{var.project}}-{s.replace("_", "-")}"\n  display_name = "{s} (${{var.environment}})"\n}}\n',
        f'resource "google_project_iam_member" "{s}" {{\n  for_each = toset(var.service_account_roles)\n\n'
        f'  project = var.project_id\n  role    = each.value\n'
        f'  member  = "serviceAccount:${{google_service_account.{s}.email}}"\n}}\n',
        f'resource "google_project_iam_member" "{s}_extra" {{\n  project = var.project_id\n'
        f'  role    = "{d.pick("roles/editor", "roles/viewer", "roles/logging.logWriter")}"\n'
        f'  member  = "serviceAccount:${{google_service_account.{s}.email}}"\n}}\n',
    ]


def compute(d: TfDir) -> list[str]:
    """A VM instance with boot disk, network interface and shielded VM config, and a GKE cluster."""
    n = d.unique("google_compute_instance", d.pick("bastion", "web", "worker"))
    d.export(f"{n}_instance_id", f"google_compute_instance.{n}.instance_id", f"Instance ID of {n}.")
    return [
        f'resource "google_compute_instance" "{n}" {{\n  name         = "${{{d.prefix}}}-{n}"\n'
        f"  project      = var.project_id\n  zone         = var.zone\n  machine_type = var.machine_type\n"
        f'  tags         = ["ssh", "{n}"]\n\n'
        f'  boot_disk {{\n    initialize_params {{\n      image = "debian-cloud/debian-12"\n      size  = 20\n    }}\n  }}\n\n'
        f"  network_interface {{\n    subnetwork = var.subnetwork\n  }}\n\n"
        f"  shielded_instance_config {{\n    enable_secure_boot          = {d.pick('true', 'false')}\n"
        f"    enable_vtpm                 = true\n    enable_integrity_monitoring = true\n  }}\n\n"
        f'  metadata = {{\n    enable-oslogin         = "{d.pick("TRUE", "TRUE", "FALSE")}"\n'
        f'    block-project-ssh-keys = "TRUE"\n  }}\n\n  labels = var.labels\n}}\n',
        f'resource "google_container_cluster" "{n}" {{\n  name     = "${{{d.prefix}}}-{n}-gke"\n'
        f"  project  = var.project_id\n  location = var.region\n\n"
        f"  remove_default_node_pool = true\n  initial_node_count       = 1\n"
        f"  enable_legacy_abac       = {d.pick('false', 'false', 'true')}\n\n"
        f"  private_cluster_config {{\n    enable_private_nodes    = true\n"
        f'    enable_private_endpoint = false\n    master_ipv4_cidr_block  = "172.16.0.0/28"\n  }}\n\n'
        f"  master_authorized_networks_config {{\n    cidr_blocks {{\n"
        f'      cidr_block   = "10.0.0.0/8"\n      display_name = "internal"\n    }}\n  }}\n\n'
        f'  workload_identity_config {{\n    workload_pool = "${{var.project_id}}.svc.id.goog"\n  }}\n}}\n',
    ]


def database(d: TfDir) -> list[str]:
    """A Cloud SQL instance with settings, IP configuration and backups, and a database."""
    s = d.unique("google_sql_database_instance", d.pick("orders", "users", "main"))
    cidr = d.pick('"0.0.0.0/0"', '"10.0.0.0/8"', '"10.0.0.0/8"')
    d.export(f"{s}_connection_name", f"google_sql_database_instance.{s}.connection_name", f"Connection of {s}.")
    return [
        f'resource "google_sql_database_instance" "{s}" {{\n  name             = "${{{d.prefix}}}-{s}"\n'
        f"  project          = var.project_id\n  region           = var.region\n"
        f'  database_version = "{d.pick("POSTGRES_15", "POSTGRES_16", "MYSQL_8_0")}"\n'
        f'  deletion_protection = var.environment == "prod"\n\n'
        f"  settings {{\n    tier = var.db_tier\n\n    ip_configuration {{\n"
        f"      ipv4_enabled = {d.pick('true', 'false')}\n      ssl_mode     = \"ENCRYPTED_ONLY\"\n\n"
        f'      authorized_networks {{\n        name  = "office"\n        value = {cidr}\n      }}\n    }}\n\n'
        f"    backup_configuration {{\n      enabled                        = true\n"
        f"      point_in_time_recovery_enabled = {d.pick('true', 'false')}\n    }}\n\n"
        f'    database_flags {{\n      name  = "log_min_duration_statement"\n      value = "1000"\n    }}\n\n'
        f"    user_labels = var.labels\n  }}\n}}\n",
        f'resource "google_sql_database" "{s}" {{\n  name     = "{s}"\n  project  = var.project_id\n'
        f"  instance = google_sql_database_instance.{s}.name\n}}\n",
    ]


def monitoring(d: TfDir) -> list[str]:
    """A KMS key ring and rotating key, a log sink and an alert policy."""
    k = d.unique("google_kms_key_ring", d.pick("logs", "data", "audit"))
    d.export(f"{k}_crypto_key_id", f"google_kms_crypto_key.{k}.id", f"ID of the {k} key.")
    return [
        f'resource "google_kms_key_ring" "{k}" {{\n  name     = "${{{d.prefix}}}-{k}"\n'
        f"  project  = var.project_id\n  location = var.region\n}}\n",
        f'resource "google_kms_crypto_key" "{k}" {{\n  name            = "{k}"\n'
        f"  key_ring        = google_kms_key_ring.{k}.id\n"
        f'  rotation_period = "{d.pick("7776000s", "31536000s")}"\n\n'
        f"  lifecycle {{\n    prevent_destroy = true\n  }}\n}}\n",
        f'resource "google_logging_project_sink" "{k}" {{\n  name        = "${{{d.prefix}}}-{k}-sink"\n'
        f'  project     = var.project_id\n  destination = "storage.googleapis.com/${{var.project_id}}-{k}-logs"\n'
        f'  filter      = "severity >= WARNING"\n\n  unique_writer_identity = true\n}}\n',
        f'resource "google_monitoring_alert_policy" "{k}" {{\n  display_name = "${{{d.prefix}}} {k} errors"\n'
        f'  project      = var.project_id\n  combiner     = "OR"\n\n'
        f'  conditions {{\n    display_name = "error rate"\n\n    condition_threshold {{\n'
        f'      filter          = "metric.type=\\"logging.googleapis.com/log_entry_count\\" AND resource.type=\\"gce_instance\\""\n'
        f'      comparison      = "COMPARISON_GT"\n      threshold_value = var.error_threshold\n'
        f'      duration        = "300s"\n\n      aggregations {{\n        alignment_period   = "60s"\n'
        f'        per_series_aligner = "ALIGN_RATE"\n      }}\n    }}\n  }}\n}}\n',
    ]


GROUPS = {"network": network, "storage": storage, "iam": iam, "compute": compute,
          "database": database, "monitoring": monitoring}

VARIABLES = {
    "project_id": ("string", None),
    "region": ("string", '"europe-west1"'),
    "zone": ("string", '"europe-west1-b"'),
    "subnet_cidr": ("string", '"10.30.0.0/20"'),
    "subnetwork": ("string", '"default"'),
    "bucket_location": ("string", '"EU"'),
    "labels": ("map(string)", "{}"),
    "retention_days": ("number", "365"),
    "service_account_roles": ("list(string)", '["roles/logging.logWriter", "roles/monitoring.metricWriter"]'),
    "machine_type": ("string", '"e2-small"'),
    "db_tier": ("string", '"db-custom-2-7680"'),
    "error_threshold": ("number", "5"),
}
