"""IpAddress (and its negation NotIpAddress): is the request address inside a policy range.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
Policy values are IPv4 or IPv6 CIDR blocks (RFC 4632); a bare address is a single-address range.
No wildcards, no policy variables. An IPv4 address is never inside an IPv6 range, nor the reverse.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from ..wildcard import Part
from .comparison import Comparison, ValueTest, joined, never

Network = tuple[int, int, int]    # (version, network address as int, netmask as int)


def parse_network(text: str) -> Network | None:
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except (ValueError, TypeError):
        return None
    return (net.version, int(net.network_address), int(net.netmask))


@lru_cache(maxsize=4096)
def parse_address(text: str) -> tuple[int, int] | None:
    try:
        addr = ipaddress.ip_address(text.strip())
    except (ValueError, TypeError):
        return None
    return (addr.version, int(addr))


def _invalid(value: str) -> str | None:
    return None if parse_network(value) is not None else f"`{value}` is not an IP address or CIDR range"


def _build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
    networks = tuple(n for n in (parse_network(joined(v)) for v in values) if n is not None)
    if not networks:
        return never

    def test(value: str) -> bool:
        addr = parse_address(value)
        if addr is None:
            return False
        version, number = addr
        return any(v == version and number & mask == net for v, net, mask in networks)
    return test


IP_ADDRESS = Comparison("IpAddress", "is in", _build, variables=False, invalid=_invalid)
