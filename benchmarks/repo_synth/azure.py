"""Azure (azurerm) resource templates for the synthetic repository: related blocks per concern.

Same contract as :mod:`repo_synth.aws`: each group returns blocks where later ones only refer
to earlier ones (or to the module's resource group variable).
"""

from __future__ import annotations

from repo_synth.tf_context import TfDir

PROVIDER = "azurerm"
DATA_SOURCES = (
    'data "azurerm_client_config" "current" {}\n',
    'data "azurerm_subscription" "current" {}\n',
)

_RG = "var.resource_group_name"
_LOC = "var.location"


def network(d: TfDir) -> list[str]:
    """A virtual network, subnets (``for_each``) and a network security group with rules."""
    v = d.unique("azurerm_virtual_network")
    source = d.pick('"*"', '"Internet"', '"10.0.0.0/8"', '"10.0.0.0/8"')
    d.export("vnet_id", f"azurerm_virtual_network.{v}.id", "ID of the virtual network.")
    return [
        f'resource "azurerm_virtual_network" "{v}" {{\n  name                = "${{{d.prefix}}}-{v}-vnet"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n"
        f"  address_space       = [var.address_space]\n  tags                = {d.tags}\n}}\n",
        f'resource "azurerm_subnet" "{v}" {{\n  for_each = var.subnets\n\n'
        f'  name                 = "${{{d.prefix}}}-${{each.key}}"\n  resource_group_name  = {_RG}\n'
        f"  virtual_network_name = azurerm_virtual_network.{v}.name\n"
        f"  address_prefixes     = [cidrsubnet(var.address_space, 8, each.value)]\n"
        f'  service_endpoints    = ["Microsoft.Storage", "Microsoft.KeyVault"]\n}}\n',
        f'resource "azurerm_network_security_group" "{v}" {{\n  name                = "${{{d.prefix}}}-{v}-nsg"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n\n"
        f'  security_rule {{\n    name                       = "allow-https"\n    priority                   = 100\n'
        f'    direction                  = "Inbound"\n    access                     = "Allow"\n'
        f'    protocol                   = "Tcp"\n    source_port_range          = "*"\n'
        f'    destination_port_range     = "443"\n    source_address_prefix      = "*"\n'
        f'    destination_address_prefix = "*"\n  }}\n\n'
        f'  security_rule {{\n    name                       = "allow-ssh"\n    priority                   = 110\n'
        f'    direction                  = "Inbound"\n    access                     = "Allow"\n'
        f'    protocol                   = "Tcp"\n    source_port_range          = "*"\n'
        f'    destination_port_range     = "22"\n    source_address_prefix      = {source}\n'
        f'    destination_address_prefix = "*"\n  }}\n\n  tags = {d.tags}\n}}\n',
    ]


def storage(d: TfDir) -> list[str]:
    """A storage account with blob properties and network rules, and its containers."""
    s = d.unique("azurerm_storage_account")
    d.export(f"{s}_storage_account_id", f"azurerm_storage_account.{s}.id", f"ID of the {s} storage account.")
    return [
        f'resource "azurerm_storage_account" "{s}" {{\n'
        f'  name                     = lower(replace("${{var.project}}{s}${{var.environment}}", "-", ""))\n'
        f"  resource_group_name      = {_RG}\n  location                 = {_LOC}\n"
        f'  account_tier             = "Standard"\n  account_replication_type = "{d.pick("GRS", "LRS", "ZRS")}"\n'
        f'  min_tls_version          = "{d.pick("TLS1_2", "TLS1_2", "TLS1_0")}"\n'
        f"  https_traffic_only_enabled = true\n"
        f"  allow_nested_items_to_be_public = {d.pick('false', 'false', 'true')}\n\n"
        f"  blob_properties {{\n    versioning_enabled = true\n\n    delete_retention_policy {{\n"
        f"      days = var.retention_days\n    }}\n  }}\n\n"
        f'  network_rules {{\n    default_action = "{d.pick("Deny", "Allow")}"\n    bypass         = ["AzureServices"]\n'
        f"    ip_rules       = var.allowed_ips\n  }}\n\n  tags = {d.tags}\n}}\n",
        f'resource "azurerm_storage_container" "{s}" {{\n  for_each = toset(var.containers)\n\n'
        f"  name                  = each.value\n  storage_account_name  = azurerm_storage_account.{s}.name\n"
        f'  container_access_type = "{d.pick("private", "private", "blob")}"\n}}\n',
    ]


def iam(d: TfDir) -> list[str]:
    """A user-assigned identity, a role assignment and a key vault with an access policy."""
    i = d.unique("azurerm_user_assigned_identity", d.pick("app", "ci", "reader"))
    d.export(f"{i}_principal_id", f"azurerm_user_assigned_identity.{i}.principal_id", f"Principal of {i}.")
    return [
        f'resource "azurerm_user_assigned_identity" "{i}" {{\n  name                = "${{{d.prefix}}}-{i}"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n  tags                = {d.tags}\n}}\n",
        f'resource "azurerm_role_assignment" "{i}" {{\n  scope                = data.azurerm_subscription.current.id\n'
        f'  role_definition_name = "{d.pick("Reader", "Contributor", "Owner", "Storage Blob Data Reader")}"\n'
        f"  principal_id         = azurerm_user_assigned_identity.{i}.principal_id\n}}\n",
        f'resource "azurerm_key_vault" "{i}" {{\n  name                       = "${{var.project}}-{i}-kv"\n'
        f"  location                   = {_LOC}\n  resource_group_name        = {_RG}\n"
        f"  tenant_id                  = data.azurerm_client_config.current.tenant_id\n"
        f'  sku_name                   = "standard"\n  soft_delete_retention_days = 30\n'
        f"  purge_protection_enabled   = {d.pick('true', 'false')}\n\n"
        f"  access_policy {{\n    tenant_id = data.azurerm_client_config.current.tenant_id\n"
        f"    object_id = azurerm_user_assigned_identity.{i}.principal_id\n\n"
        f'    secret_permissions = ["Get", "List"]\n    key_permissions    = ["Get", "UnwrapKey", "WrapKey"]\n  }}\n\n'
        f'  network_acls {{\n    default_action = "{d.pick("Deny", "Allow")}"\n    bypass         = "AzureServices"\n  }}\n}}\n',
    ]


def compute(d: TfDir) -> list[str]:
    """A network interface and a Linux VM with OS disk, image and SSH key blocks."""
    n = d.unique("azurerm_linux_virtual_machine", d.pick("web", "jump", "worker", "app"))
    disable_passwords = d.pick("true", "true", "false")
    d.export(f"{n}_vm_id", f"azurerm_linux_virtual_machine.{n}.id", f"ID of the {n} VM.")
    return [
        f'resource "azurerm_network_interface" "{n}" {{\n  name                = "${{{d.prefix}}}-{n}-nic"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n\n"
        f'  ip_configuration {{\n    name                          = "internal"\n'
        f"    subnet_id                     = var.subnet_id\n"
        f'    private_ip_address_allocation = "Dynamic"\n  }}\n}}\n',
        f'resource "azurerm_linux_virtual_machine" "{n}" {{\n  name                = "${{{d.prefix}}}-{n}"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n  size                = var.vm_size\n"
        f'  admin_username      = "azureuser"\n  disable_password_authentication = {disable_passwords}\n'
        f"  network_interface_ids = [azurerm_network_interface.{n}.id]\n\n"
        f'  admin_ssh_key {{\n    username   = "azureuser"\n    public_key = var.ssh_public_key\n  }}\n\n'
        f'  os_disk {{\n    caching              = "ReadWrite"\n    storage_account_type = "Premium_LRS"\n  }}\n\n'
        f'  source_image_reference {{\n    publisher = "Canonical"\n    offer     = "0001-com-ubuntu-server-jammy"\n'
        f'    sku       = "22_04-lts-gen2"\n    version   = "latest"\n  }}\n\n'
        f'  identity {{\n    type = "SystemAssigned"\n  }}\n\n  tags = {d.tags}\n}}\n',
    ]


def database(d: TfDir) -> list[str]:
    """A PostgreSQL flexible server with a database and a firewall rule."""
    p = d.unique("azurerm_postgresql_flexible_server", d.pick("orders", "users", "main"))
    end_ip = d.pick('"0.0.0.0"', '"255.255.255.255"')
    d.export(f"{p}_fqdn", f"azurerm_postgresql_flexible_server.{p}.fqdn", f"FQDN of {p}.")
    return [
        f'resource "azurerm_postgresql_flexible_server" "{p}" {{\n  name                   = "${{{d.prefix}}}-{p}-pg"\n'
        f"  resource_group_name    = {_RG}\n  location               = {_LOC}\n"
        f'  version                = "{d.pick("15", "16", "14")}"\n  sku_name               = var.db_sku\n'
        f"  storage_mb             = 65536\n  backup_retention_days  = var.environment == \"prod\" ? 35 : 7\n"
        f"  geo_redundant_backup_enabled = {d.pick('true', 'false')}\n"
        f"  public_network_access_enabled = {d.pick('false', 'false', 'true')}\n\n"
        f"  authentication {{\n    active_directory_auth_enabled = true\n    password_auth_enabled         = false\n"
        f"    tenant_id                     = data.azurerm_client_config.current.tenant_id\n  }}\n\n"
        f"  tags = {d.tags}\n}}\n",
        f'resource "azurerm_postgresql_flexible_server_database" "{p}" {{\n  name      = "{p}"\n'
        f'  server_id = azurerm_postgresql_flexible_server.{p}.id\n  charset   = "UTF8"\n  collation = "en_US.utf8"\n}}\n',
        f'resource "azurerm_postgresql_flexible_server_firewall_rule" "{p}" {{\n  name             = "office"\n'
        f'  server_id        = azurerm_postgresql_flexible_server.{p}.id\n  start_ip_address = "0.0.0.0"\n'
        f"  end_ip_address   = {end_ip}\n}}\n",
    ]


def monitoring(d: TfDir) -> list[str]:
    """A Log Analytics workspace and a diagnostic setting with log and metric blocks."""
    w = d.unique("azurerm_log_analytics_workspace", d.pick("logs", "audit", "ops"))
    d.export(f"{w}_workspace_id", f"azurerm_log_analytics_workspace.{w}.id", f"ID of the {w} workspace.")
    return [
        f'resource "azurerm_log_analytics_workspace" "{w}" {{\n  name                = "${{{d.prefix}}}-{w}"\n'
        f"  location            = {_LOC}\n  resource_group_name = {_RG}\n"
        f'  sku                 = "PerGB2018"\n  retention_in_days   = var.retention_days\n  tags                = {d.tags}\n}}\n',
        f'resource "azurerm_monitor_diagnostic_setting" "{w}" {{\n  name                       = "${{{d.prefix}}}-{w}-diag"\n'
        f"  target_resource_id         = var.monitored_resource_id\n"
        f"  log_analytics_workspace_id = azurerm_log_analytics_workspace.{w}.id\n\n"
        f'  enabled_log {{\n    category = "AuditEvent"\n  }}\n\n'
        f'  metric {{\n    category = "AllMetrics"\n    enabled  = true\n  }}\n}}\n',
        f'resource "azurerm_monitor_action_group" "{w}" {{\n  name                = "${{{d.prefix}}}-{w}-oncall"\n'
        f'  resource_group_name = {_RG}\n  short_name          = "oncall"\n\n'
        f'  email_receiver {{\n    name          = "oncall"\n    email_address = var.alert_email\n  }}\n}}\n',
    ]


GROUPS = {"network": network, "storage": storage, "iam": iam, "compute": compute,
          "database": database, "monitoring": monitoring}

VARIABLES = {
    "location": ("string", '"westeurope"'),
    "resource_group_name": ("string", None),
    "address_space": ("string", '"10.10.0.0/16"'),
    "subnets": ("map(number)", '{\n    app  = 1\n    data = 2\n  }'),
    "subnet_id": ("string", '""'),
    "allowed_ips": ("list(string)", "[]"),
    "containers": ("list(string)", '["uploads", "exports"]'),
    "vm_size": ("string", '"Standard_B2s"'),
    "ssh_public_key": ("string", '"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests user@example"'),
    "db_sku": ("string", '"GP_Standard_D2s_v3"'),
    "retention_days": ("number", "30"),
    "monitored_resource_id": ("string", '""'),
    "alert_email": ("string", '"oncall@example.com"'),
}
