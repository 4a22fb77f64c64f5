"""The scenario format's closed vocabularies as enums: credential types, expectations, resource kinds.

Each is a `str` enum, so the plain strings the file holds compare equal to its members.
"""
from __future__ import annotations

import hashlib
from enum import Enum

from ..arn import valid_arn
from ..decision import Decision


class CredentialType(str, Enum):
    """How a request's caller proves who it is (`credential: type:`)."""

    ACCESS_KEY = "access_key"
    CONSOLE = "console"
    SESSION = "session"


Expectation = Decision          # a request's `expect:` names the decision the engine should reach


class ResourceKind(str, Enum):
    """The kind of a declared resource, read from its ARN (it picks the canvas icon)."""

    S3 = "s3"                  # a bucket
    S3_OBJECT = "s3object"
    EC2 = "ec2"                # an instance
    LAMBDA = "lambda"          # a function
    DYNAMODB = "dynamodb"      # a table
    KMS = "kms"                # a key
    OTHER = "other"

    @property
    def runs_code(self) -> bool:
        """Compute that can run as a role (an instance profile, a function's execution role)."""
        return self in (ResourceKind.EC2, ResourceKind.LAMBDA)


# What the canvas offers to add, with the ARN a new one gets.
NEW_RESOURCE = {
    ResourceKind.S3: ("S3 bucket", "arn:aws:s3:::{name}"),
    ResourceKind.EC2: ("EC2 instance", "arn:aws:ec2:us-east-1:{account}:instance/i-{hexid}"),
    ResourceKind.LAMBDA: ("Lambda function", "arn:aws:lambda:us-east-1:{account}:function:{name}"),
    ResourceKind.DYNAMODB: ("DynamoDB table", "arn:aws:dynamodb:us-east-1:{account}:table/{name}"),
    ResourceKind.KMS: ("KMS key", "arn:aws:kms:us-east-1:{account}:key/{uuid}"),
}


def resource_kind(arn: str) -> ResourceKind:
    """The kind of resource an ARN names."""
    parsed = valid_arn(arn)
    if parsed is None:
        return ResourceKind.OTHER
    service, rest = parsed.service, parsed.resource
    if service == "s3":
        return ResourceKind.S3_OBJECT if "/" in rest else ResourceKind.S3
    for kind, prefix in ((ResourceKind.EC2, "instance/"), (ResourceKind.LAMBDA, "function:"),
                         (ResourceKind.DYNAMODB, "table/"), (ResourceKind.KMS, "key/")):
        if service == kind.value and rest.startswith(prefix):
            return kind
    return ResourceKind.OTHER


def new_resource_arn(kind: ResourceKind | str, name: str, account: str) -> str:
    """The ARN a new resource of this kind named `name` gets (ids derived from the name)."""
    import uuid  # only here: a module that costs every command start-up time

    template = NEW_RESOURCE[ResourceKind(kind)][1]
    return template.format(name=name, account=account, hexid=hashlib.sha1(name.encode()).hexdigest()[:17],
                           uuid=uuid.uuid5(uuid.NAMESPACE_URL, name))
