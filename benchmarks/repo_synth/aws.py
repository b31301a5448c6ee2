"""AWS resource templates for the synthetic repository: related blocks per concern.

Each group function returns a list of HCL blocks, in an order where later blocks only refer to
earlier ones, so a file may stop after any block and stay coherent. Misconfigurations appear at
a realistic rate (a public ACL here, an open port there), decided by the directory's generator.
"""

from __future__ import annotations

from repo_synth.tf_context import TfDir

PROVIDER = "aws"
DATA_SOURCES = (
    'data "aws_caller_identity" "current" {}\n',
    'data "aws_region" "current" {}\n',
    'data "aws_availability_zones" "available" {\n  state = "available"\n}\n',
    'data "aws_partition" "current" {}\n',
)


def network(d: TfDir) -> list[str]:
    """VPC, subnets (``count``), internet gateway, route table and a security group."""
    vpc = d.unique("aws_vpc")
    sg = d.unique("aws_security_group", d.pick("web", "app", "ssh", "lb", "db"))
    open_cidr = '"0.0.0.0/0"' if d.rng.random() < 0.3 else "var.allowed_cidrs"
    d.export("vpc_id", f"aws_vpc.{vpc}.id", "ID of the VPC.")
    return [
        f'resource "aws_vpc" "{vpc}" {{\n  cidr_block           = var.vpc_cidr\n'
        f"  enable_dns_support   = true\n  enable_dns_hostnames = true\n\n"
        f'  tags = merge({d.tags}, {{\n    Name = "${{{d.prefix}}}-{vpc}"\n  }})\n}}\n',
        f'resource "aws_subnet" "{vpc}_private" {{\n  count = length(var.azs)\n\n'
        f"  vpc_id            = aws_vpc.{vpc}.id\n"
        f"  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)\n"
        f"  availability_zone = var.azs[count.index]\n\n"
        f'  tags = merge({d.tags}, {{\n    Name = "${{{d.prefix}}}-private-${{count.index}}"\n'
        f'    Tier = "private"\n  }})\n}}\n',
        f'resource "aws_internet_gateway" "{vpc}" {{\n  vpc_id = aws_vpc.{vpc}.id\n  tags   = {d.tags}\n}}\n',
        f'resource "aws_route_table" "{vpc}_public" {{\n  vpc_id = aws_vpc.{vpc}.id\n\n'
        f'  route {{\n    cidr_block = "0.0.0.0/0"\n    gateway_id = aws_internet_gateway.{vpc}.id\n  }}\n\n'
        f"  tags = {d.tags}\n}}\n",
        f'resource "aws_security_group" "{sg}" {{\n  name        = "${{{d.prefix}}}-{sg}"\n'
        f'  description = "Traffic rules for {sg}"\n  vpc_id      = aws_vpc.{vpc}.id\n\n'
        f'  dynamic "ingress" {{\n    for_each = var.ingress_ports\n    content {{\n'
        f'      description = "port ${{ingress.value}}"\n      from_port   = ingress.value\n'
        f'      to_port     = ingress.value\n      protocol    = "tcp"\n'
        f"      cidr_blocks = var.allowed_cidrs\n    }}\n  }}\n\n"
        f'  ingress {{\n    description = "SSH"\n    from_port   = 22\n    to_port     = 22\n'
        f'    protocol    = "tcp"\n    cidr_blocks = [{open_cidr}]\n  }}\n\n'
        f'  egress {{\n    from_port   = 0\n    to_port     = 0\n    protocol    = "-1"\n'
        f'    cidr_blocks = ["0.0.0.0/0"]\n  }}\n\n  tags = {d.tags}\n}}\n',
    ]


def storage(d: TfDir) -> list[str]:
    """An S3 bucket with versioning, encryption, public access block, policy and lifecycle."""
    b = d.unique("aws_s3_bucket")
    acl = d.pick("private", "private", "private", "public-read", "log-delivery-write")
    blocks = [
        f'resource "aws_s3_bucket" "{b}" {{\n  bucket        = "${{{d.prefix}}}-{b}"\n'
        f"  force_destroy = var.environment != \"prod\"\n  tags          = {d.tags}\n}}\n",
        f'resource "aws_s3_bucket_acl" "{b}" {{\n  bucket = aws_s3_bucket.{b}.id\n  acl    = "{acl}"\n}}\n',
        f'resource "aws_s3_bucket_versioning" "{b}" {{\n  bucket = aws_s3_bucket.{b}.id\n\n'
        f'  versioning_configuration {{\n    status = var.enable_versioning ? "Enabled" : "Suspended"\n  }}\n}}\n',
        f'resource "aws_s3_bucket_server_side_encryption_configuration" "{b}" {{\n'
        f"  bucket = aws_s3_bucket.{b}.id\n\n  rule {{\n    apply_server_side_encryption_by_default {{\n"
        f'      sse_algorithm = "{d.pick("aws:kms", "AES256")}"\n    }}\n    bucket_key_enabled = true\n  }}\n}}\n',
        f'resource "aws_s3_bucket_public_access_block" "{b}" {{\n  bucket = aws_s3_bucket.{b}.id\n\n'
        f"  block_public_acls       = true\n  block_public_policy     = true\n"
        f"  ignore_public_acls      = true\n  restrict_public_buckets = {d.pick('true', 'true', 'false')}\n}}\n",
        f'resource "aws_s3_bucket_policy" "{b}" {{\n  bucket = aws_s3_bucket.{b}.id\n\n'
        f"  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n      {{\n"
        f'        Sid       = "DenyInsecureTransport"\n        Effect    = "Deny"\n'
        f'        Principal = "*"\n        Action    = "s3:*"\n'
        f'        Resource  = [aws_s3_bucket.{b}.arn, "${{aws_s3_bucket.{b}.arn}}/*"]\n'
        f'        Condition = {{\n          Bool = {{ "aws:SecureTransport" = "false" }}\n        }}\n'
        f"      }},\n    ]\n  }})\n}}\n",
        f'resource "aws_s3_bucket_lifecycle_configuration" "{b}" {{\n  bucket = aws_s3_bucket.{b}.id\n\n'
        f'  rule {{\n    id     = "expire-old-versions"\n    status = "Enabled"\n\n'
        f'    filter {{\n      prefix = ""\n    }}\n\n'
        f"    noncurrent_version_expiration {{\n      noncurrent_days = var.retention_days\n    }}\n  }}\n}}\n",
    ]
    d.export(f"{b}_bucket_arn", f"aws_s3_bucket.{b}.arn", f"ARN of the {b} bucket.")
    return blocks


def iam(d: TfDir) -> list[str]:
    """A role with a jsonencode trust policy, a policy, attachments (``for_each``), a profile."""
    r = d.unique("aws_iam_role", d.pick("app", "ci", "lambda", "ecs_task", "reader"))
    action = d.pick('["s3:GetObject", "s3:ListBucket"]', '["s3:*"]', '["dynamodb:GetItem", "dynamodb:Query"]', '"*"')
    resource = d.pick('"*"', '"arn:aws:s3:::${var.project}-*"', '"arn:aws:s3:::${var.project}-*/*"')
    d.export(f"{r}_role_arn", f"aws_iam_role.{r}.arn", f"ARN of the {r} role.")
    return [
        f'resource "aws_iam_role" "{r}" {{\n  name = "${{{d.prefix}}}-{r}"\n\n'
        f"  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n"
        f'      Effect    = "Allow"\n      Action    = "sts:AssumeRole"\n'
        f'      Principal = {{ Service = "{d.pick("ec2", "ecs-tasks", "lambda")}.amazonaws.com" }}\n'
        f"    }}]\n  }})\n\n  tags = {d.tags}\n}}\n",
        f'resource "aws_iam_policy" "{r}" {{\n  name        = "${{{d.prefix}}}-{r}"\n'
        f'  description = "Permissions of the {r} role"\n\n'
        f"  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n      {{\n"
        f'        Sid      = "Main"\n        Effect   = "Allow"\n        Action   = {action}\n'
        f"        Resource = {resource}\n      }},\n      {{\n"
        f'        Sid      = "Logs"\n        Effect   = "Allow"\n'
        f'        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n'
        f'        Resource = "arn:aws:logs:${{var.region}}:*:log-group:/${{var.project}}/*"\n'
        f"      }},\n    ]\n  }})\n}}\n",
        f'resource "aws_iam_role_policy_attachment" "{r}" {{\n  role       = aws_iam_role.{r}.name\n'
        f"  policy_arn = aws_iam_policy.{r}.arn\n}}\n",
        f'resource "aws_iam_role_policy_attachment" "{r}_managed" {{\n'
        f"  for_each = toset(var.managed_policy_arns)\n\n  role       = aws_iam_role.{r}.name\n"
        f"  policy_arn = each.value\n}}\n",
        f'resource "aws_iam_instance_profile" "{r}" {{\n  name = "${{{d.prefix}}}-{r}"\n'
        f"  role = aws_iam_role.{r}.name\n}}\n",
    ]


def compute(d: TfDir) -> list[str]:
    """A launch template, an autoscaling group, a load balancer and a listener."""
    n = d.unique("aws_launch_template", d.pick("web", "api", "worker", "app"))
    tokens = d.pick("required", "required", "optional")
    d.export(f"{n}_asg_name", f"aws_autoscaling_group.{n}.name", f"Name of the {n} autoscaling group.")
    return [
        f'resource "aws_launch_template" "{n}" {{\n  name_prefix   = "${{{d.prefix}}}-{n}-"\n'
        f'  image_id      = var.ami_id\n  instance_type = var.instance_type\n\n'
        f'  metadata_options {{\n    http_endpoint = "enabled"\n    http_tokens   = "{tokens}"\n  }}\n\n'
        f'  block_device_mappings {{\n    device_name = "/dev/xvda"\n\n    ebs {{\n'
        f'      volume_size = 30\n      volume_type = "gp3"\n      encrypted   = {d.pick("true", "true", "false")}\n'
        f"    }}\n  }}\n\n  tag_specifications {{\n    resource_type = \"instance\"\n    tags          = {d.tags}\n  }}\n}}\n",
        f'resource "aws_autoscaling_group" "{n}" {{\n  name_prefix         = "${{{d.prefix}}}-{n}-"\n'
        f"  min_size            = var.min_size\n  max_size            = var.max_size\n"
        f"  vpc_zone_identifier = var.subnet_ids\n\n  launch_template {{\n"
        f'    id      = aws_launch_template.{n}.id\n    version = "$Latest"\n  }}\n\n'
        f'  tag {{\n    key                 = "Name"\n    value               = "${{{d.prefix}}}-{n}"\n'
        f"    propagate_at_launch = true\n  }}\n}}\n",
        f'resource "aws_lb" "{n}" {{\n  name               = "${{{d.prefix}}}-{n}"\n'
        f'  load_balancer_type = "application"\n  internal           = {d.pick("true", "false")}\n'
        f"  subnets            = var.subnet_ids\n  drop_invalid_header_fields = true\n  tags = {d.tags}\n}}\n",
        f'resource "aws_lb_listener" "{n}" {{\n  load_balancer_arn = aws_lb.{n}.arn\n'
        f'  port              = {d.pick("443", "443", "80")}\n  protocol          = "{d.pick("HTTPS", "HTTP")}"\n\n'
        f'  default_action {{\n    type = "fixed-response"\n\n    fixed_response {{\n'
        f'      content_type = "text/plain"\n      message_body = "not found"\n      status_code  = "404"\n'
        f"    }}\n  }}\n}}\n",
    ]


def database(d: TfDir) -> list[str]:
    """An RDS instance with its subnet group, and a DynamoDB table with nested blocks."""
    db = d.unique("aws_db_instance", d.pick("orders", "users", "catalog", "main"))
    d.export(f"{db}_db_endpoint", f"aws_db_instance.{db}.endpoint", f"Endpoint of the {db} database.")
    return [
        f'resource "aws_db_subnet_group" "{db}" {{\n  name       = "${{{d.prefix}}}-{db}"\n'
        f"  subnet_ids = var.subnet_ids\n  tags       = {d.tags}\n}}\n",
        f'resource "aws_db_instance" "{db}" {{\n  identifier              = "${{{d.prefix}}}-{db}"\n'
        f'  engine                  = "postgres"\n  engine_version          = "{d.pick("15.5", "16.2", "14.11")}"\n'
        f"  instance_class          = var.db_instance_class\n  allocated_storage       = 50\n"
        f"  storage_encrypted       = {d.pick('true', 'true', 'false')}\n"
        f'  username                = "app"\n  manage_master_user_password = true\n'
        f"  db_subnet_group_name    = aws_db_subnet_group.{db}.name\n"
        f"  backup_retention_period = var.environment == \"prod\" ? 14 : 1\n"
        f"  publicly_accessible     = {d.pick('false', 'false', 'true')}\n"
        f"  deletion_protection     = var.environment == \"prod\"\n  skip_final_snapshot     = true\n"
        f"  tags                    = {d.tags}\n}}\n",
        f'resource "aws_dynamodb_table" "{db}" {{\n  name         = "${{{d.prefix}}}-{db}"\n'
        f'  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "pk"\n  range_key    = "sk"\n\n'
        f'  attribute {{\n    name = "pk"\n    type = "S"\n  }}\n\n'
        f'  attribute {{\n    name = "sk"\n    type = "S"\n  }}\n\n'
        f"  point_in_time_recovery {{\n    enabled = {d.pick('true', 'false')}\n  }}\n\n"
        f"  server_side_encryption {{\n    enabled = true\n  }}\n\n  tags = {d.tags}\n}}\n",
    ]


def monitoring(d: TfDir) -> list[str]:
    """A KMS key (jsonencode policy), a log group, an SNS topic and alarms (``for_each``)."""
    m = d.unique("aws_kms_key", d.pick("logs", "alerts", "audit"))
    d.export(f"{m}_log_group", f"aws_cloudwatch_log_group.{m}.name", f"Name of the {m} log group.")
    return [
        f'resource "aws_kms_key" "{m}" {{\n  description             = "${{{d.prefix}}} {m} key"\n'
        f"  deletion_window_in_days = 30\n  enable_key_rotation     = {d.pick('true', 'true', 'false')}\n\n"
        f"  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n"
        f'      Sid       = "RootAccess"\n      Effect    = "Allow"\n'
        f'      Principal = {{ AWS = "arn:aws:iam::${{var.account_id}}:root" }}\n'
        f'      Action    = "kms:*"\n      Resource  = "*"\n    }}]\n  }})\n}}\n',
        f'resource "aws_cloudwatch_log_group" "{m}" {{\n  name              = "/${{var.project}}/{m}"\n'
        f"  retention_in_days = var.retention_days\n  kms_key_id        = aws_kms_key.{m}.arn\n}}\n",
        f'resource "aws_sns_topic" "{m}" {{\n  name              = "${{{d.prefix}}}-{m}"\n'
        f"  kms_master_key_id = aws_kms_key.{m}.id\n}}\n",
        f'resource "aws_cloudwatch_metric_alarm" "{m}" {{\n  for_each = var.alarm_thresholds\n\n'
        f'  alarm_name          = "${{{d.prefix}}}-${{each.key}}"\n'
        f'  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = 3\n'
        f'  metric_name         = each.key\n  namespace           = "AWS/EC2"\n  period              = 300\n'
        f'  statistic           = "Average"\n  threshold           = each.value\n'
        f"  alarm_actions       = [aws_sns_topic.{m}.arn]\n}}\n",
    ]


GROUPS = {"network": network, "storage": storage, "iam": iam, "compute": compute,
          "database": database, "monitoring": monitoring}

#: Variables every AWS module directory declares: name -> (type, default HCL or None).
VARIABLES = {
    "region": ("string", '"eu-west-1"'),
    "account_id": ("string", '"123456789012"'),
    "vpc_cidr": ("string", '"10.0.0.0/16"'),
    "azs": ("list(string)", '["eu-west-1a", "eu-west-1b", "eu-west-1c"]'),
    "allowed_cidrs": ("list(string)", '["10.0.0.0/8"]'),
    "ingress_ports": ("list(number)", "[443, 8080]"),
    "subnet_ids": ("list(string)", "[]"),
    "ami_id": ("string", '"ami-0abcdef1234567890"'),
    "instance_type": ("string", '"t3.small"'),
    "min_size": ("number", "1"),
    "max_size": ("number", "3"),
    "db_instance_class": ("string", '"db.t3.medium"'),
    "enable_versioning": ("bool", "true"),
    "retention_days": ("number", "30"),
    "managed_policy_arns": ("list(string)", '["arn:aws:iam::aws:policy/ReadOnlyAccess"]'),
    "alarm_thresholds": ("map(number)", '{\n    CPUUtilization = 80\n    StatusCheckFailed = 0\n  }'),
}
