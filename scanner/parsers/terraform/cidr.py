"""Terraform's IP network functions: cidrsubnet, cidrsubnets, cidrhost, cidrnetmask.

Implemented with :mod:`ipaddress`. As in Terraform, a prefix with host bits set
(``10.0.0.5/16``) names its network (``10.0.0.0/16``), and ``cidrhost`` counts a negative host
number back from the end of the range.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.operators import as_integer
from scanner.parsers.terraform.semantics import ConversionError, to_string

FUNCTIONS = FunctionTable()
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_network(prefix: Any) -> Network:
    """Parse a CIDR prefix string; raise ConversionError when it is not one."""
    if prefix is None:
        raise ConversionError("the prefix is null")
    text = to_string(prefix)
    if "/" not in text:
        raise ConversionError(f"{text!r} is not a CIDR prefix (address/length)")
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ConversionError(f"{text!r} is not a valid CIDR prefix") from None


def _integer(value: Any, what: str) -> int:
    if value is None:
        raise ConversionError(f"the {what} is null")
    return as_integer(value)


def _subnet(network: Network, newbits: int, netnum: int) -> Network:
    new_length = network.prefixlen + newbits
    if newbits < 0 or new_length > network.max_prefixlen:
        raise ConversionError(
            f"cannot extend the /{network.prefixlen} prefix by {newbits} bits (at most /{network.max_prefixlen})"
        )
    if not 0 <= netnum < 2**newbits:
        raise ConversionError(f"the network number {netnum} does not fit in {newbits} bits")
    start = int(network.network_address) + (netnum << (network.max_prefixlen - new_length))
    return type(network)((start, new_length))


@FUNCTIONS.define("cidrsubnet", 3)
def cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    """``cidrsubnet(prefix, newbits, netnum)``: subnet number ``netnum`` of ``newbits`` more bits."""
    network = parse_network(prefix)
    return str(_subnet(network, _integer(newbits, "newbits"), _integer(netnum, "netnum")))


@FUNCTIONS.define("cidrhost", 2)
def cidrhost(prefix: Any, hostnum: Any) -> str:
    """``cidrhost(prefix, hostnum)``: the address of host ``hostnum`` (negative counts from the end)."""
    network = parse_network(prefix)
    number = _integer(hostnum, "host number")
    size = network.num_addresses
    offset = number if number >= 0 else size + number
    if not 0 <= offset < size:
        raise ConversionError(f"host number {number} is outside the {size} addresses of {network}")
    return str(network.network_address + offset)


@FUNCTIONS.define("cidrnetmask", 1)
def cidrnetmask(prefix: Any) -> str:
    """``cidrnetmask(prefix)``: the IPv4 netmask in dotted form."""
    network = parse_network(prefix)
    if network.version != 4:
        raise ConversionError("cidrnetmask only supports IPv4 prefixes")
    return str(network.netmask)


@FUNCTIONS.define("cidrsubnets", 1, None)
def cidrsubnets(prefix: Any, *newbits: Any) -> list[str]:
    """``cidrsubnets(prefix, newbits...)``: consecutive non-overlapping subnets of the given sizes."""
    network = parse_network(prefix)
    end = int(network.broadcast_address)
    current = int(network.network_address)
    result: list[str] = []
    for bits_value in newbits:
        bits = _integer(bits_value, "newbits")
        new_length = network.prefixlen + bits
        if bits < 1 or new_length > network.max_prefixlen:
            raise ConversionError(f"cannot extend the /{network.prefixlen} prefix by {bits} bits")
        block = 1 << (network.max_prefixlen - new_length)
        current = -(-current // block) * block
        if current + block - 1 > end:
            raise ConversionError(f"not enough address space in {network} for all the requested subnets")
        result.append(str(type(network)((current, new_length))))
        current += block
    return result
