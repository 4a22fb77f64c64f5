"""Starting points for common policies, by policy type: what an instructor types most often."""
from __future__ import annotations

import json

from ...core.policy.model import PolicyType


def _doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2) + "\n"


IDENTITY_TEMPLATES = {
    "Read objects in one bucket": _doc(
        {"Sid": "ReadPhotos", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"]}),
    "Read and write objects in one bucket": _doc(
        {"Sid": "ReadWritePhotos", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": "arn:aws:s3:::BUCKET/*"}),
    "EC2 read-only": _doc({"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}),
    "Full administrator access": _doc({"Effect": "Allow", "Action": "*", "Resource": "*"}),
    "Deny everything without MFA": _doc(
        {"Sid": "DenyWithoutMFA", "Effect": "Deny", "NotAction": ["iam:ChangePassword", "sts:GetSessionToken"],
         "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}),
    "Allow only from an IP range": _doc(
        {"Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}),
    "Manage own access keys": _doc(
        {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"}),
}

RESOURCE_TEMPLATES = {
    "Bucket policy: let a role read objects": _doc(
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ROLE"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::BUCKET/*"}),
    "Bucket policy: deny plain HTTP": _doc(
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
}

TRUST_TEMPLATES = {
    "Trust: EC2 instances": _doc(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}),
    "Trust: Lambda functions": _doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}),
    "Trust: users of this account with MFA": _doc(
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}),
}

SCP_TEMPLATES = {
    "SCP: deny leaving the organization": _doc(
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}),
    "SCP: allow only some regions": _doc(
        {"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}}),
}


def templates_for(policy_type: PolicyType) -> dict[str, str]:
    """Templates that are valid for a policy of this type (name -> JSON text)."""
    if policy_type is PolicyType.TRUST:
        return dict(TRUST_TEMPLATES)
    if policy_type in (PolicyType.RESOURCE, PolicyType.RCP, PolicyType.VPC_ENDPOINT):
        return dict(RESOURCE_TEMPLATES)
    if policy_type is PolicyType.SCP:
        return dict(SCP_TEMPLATES)
    return dict(IDENTITY_TEMPLATES)
