package lib.helpers

import rego.v1

public_acls := {"public-read", "public-read-write"}

is_public(acl) if acl in public_acls
