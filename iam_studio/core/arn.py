"""ARNs: the one parser (`arn:partition:service:region:account-id:resource`).

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: the resource part may itself
hold colons and slashes; S3 ARNs leave region and account empty; AWS managed policies have the
account `aws`. Matching ARNs against policy patterns lives with the engine (`engine/arn.py`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-eusc")
_SERVICE = re.compile(r"^[a-z0-9-]+$")
_REGION = re.compile(r"^[a-z0-9-]*$")
_ACCOUNT = re.compile(r"^(\d{12}|aws|)$")


@dataclass(frozen=True, slots=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @property
    def resource_type(self) -> str:
        """`user` in `user/alice`, `table` in `table/T`, the resource itself for S3-style names."""
        for sep in ("/", ":"):
            if sep in self.resource:
                return self.resource.split(sep, 1)[0]
        return self.resource

    def owner(self, default: str) -> str:
        """The account that owns the resource: the ARN's own, else `default` (S3 and AWS's own ARNs)."""
        return self.account if self.account not in ("", "aws") else default

    @property
    def valid(self) -> bool:
        """Whether a resource could have this ARN (a known partition, service, region and account)."""
        return (self.partition in PARTITIONS and bool(_SERVICE.match(self.service)) and
                bool(_REGION.match(self.region)) and bool(_ACCOUNT.match(self.account)))


def parse_arn(text: object) -> Arn | None:
    """The parts of an ARN-shaped text (six parts, partition, service and resource present), else None."""
    if not isinstance(text, str):
        return None
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2] or not parts[5]:
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def valid_arn(text: object) -> Arn | None:
    """The ARN when `text` is one a resource could have, else None (what the scenario loader accepts)."""
    arn = parse_arn(text)
    return arn if arn is not None and arn.valid else None
