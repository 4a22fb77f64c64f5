"""KMS keys: which ARNs name a key, and the default key policy a key without one gets.

https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
"""
from __future__ import annotations

from ..arn import parse_arn
from ..located import from_plain
from ..policy.model import Policy, PolicyType


def is_kms_key(arn: str) -> bool:
    if ":kms:" not in arn:          # most resources: no need to parse
        return False
    parsed = parse_arn(arn)
    return parsed is not None and parsed.service == "kms" and parsed.resource.startswith("key/")


def default_key_policy(account: str) -> Policy:
    """The default key policy AWS gives a key: the account may use IAM policies to grant access."""
    from ..policy.parse import parse_policy
    document = {"Version": "2012-10-17", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"}]}
    policy, _ = parse_policy(from_plain(document), PolicyType.RESOURCE, "default key policy")
    return policy
