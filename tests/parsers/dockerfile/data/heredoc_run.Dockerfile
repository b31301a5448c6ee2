FROM debian:12
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
rm -rf /var/lib/apt/lists/*
EOF
RUN python3 <<PY
print("not shell")
PY
RUN <<SCRIPT
#!/usr/bin/env python3
import os
SCRIPT
