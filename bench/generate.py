"""Generate a realistic, valid account as an IAM Studio scenario file, deterministically (seeded).

    python bench/generate.py --size medium --format yaml -o bench/out/medium.yaml

medium: 300 users, 25 groups, 120 roles, 400 customer managed policies (3-25 statements each, with
wildcards, NotAction, conditions, policy variables and denies), bucket and KMS key policies,
boundaries, AWS managed policy ARNs that the tool ships, and 20,000 requests. large: five times that.
Every generated managed policy stays within AWS's 6,144 non-whitespace character limit.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HOME = "111122223333"
PARTNER = "444455556666"
MANAGED_POLICY_LIMIT = 6144          # non-whitespace characters, customer managed policy
RESOURCE_POLICY_LIMIT = 20480        # bucket policy limit (20 KB)

SIZES = {
    "medium": dict(users=300, groups=25, roles=120, policies=400, buckets=60, tables=40, queues=30,
                   keys=20, functions=30, requests=20_000),
}
SIZES["large"] = {k: v * 5 for k, v in SIZES["medium"].items()}

# AWS managed policies that exist (and that the tool ships).
AWS_MANAGED = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    "arn:aws:iam::aws:policy/SecurityAudit",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
    "arn:aws:iam::aws:policy/IAMUserChangePassword",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
]
BOUNDARIES_MANAGED = ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]

ACTIONS = {
    "s3": ["GetObject", "PutObject", "DeleteObject", "ListBucket", "GetObjectTagging", "PutObjectAcl",
           "GetBucketPolicy"],
    "dynamodb": ["GetItem", "PutItem", "Query", "Scan", "DeleteItem", "UpdateItem", "BatchGetItem"],
    "ec2": ["DescribeInstances", "StartInstances", "StopInstances", "TerminateInstances", "RunInstances",
            "DescribeVolumes"],
    "sqs": ["SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes"],
    "kms": ["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey", "ScheduleKeyDeletion"],
    "lambda": ["InvokeFunction", "GetFunction", "UpdateFunctionCode", "ListFunctions"],
    "logs": ["PutLogEvents", "CreateLogStream", "CreateLogGroup"],
    "iam": ["GetUser", "ListUsers", "CreateUser", "DeleteUser", "CreateAccessKey", "PassRole"],
    "sts": ["AssumeRole"],
}
TEAMS = ["web", "data", "ml", "platform", "security", "finance", "mobile", "search"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
SERVICE_PRINCIPALS = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]


class Generator:
    def __init__(self, size: str, seed: int = 20261128):
        self.n = SIZES[size]
        self.r = random.Random(f"{seed}-{size}")
        self.size = size

    # -- resources ----------------------------------------------------------------------------
    def names(self):
        n, r = self.n, self.r
        self.buckets = [f"{r.choice(TEAMS)}-{kind}-{i:04d}" for i, kind in
                        zip(range(n["buckets"]), (r.choice(["assets", "logs", "reports", "backups", "uploads"])
                                                   for _ in range(n["buckets"])), strict=False)]
        self.tables = [f"{r.choice(TEAMS).title()}Table{i:04d}" for i in range(n["tables"])]
        self.queues = [f"{r.choice(TEAMS)}-queue-{i:04d}" for i in range(n["queues"])]
        self.keys = [f"{r.getrandbits(32):08x}-{r.getrandbits(16):04x}-4{r.getrandbits(12):03x}-"
                     f"a{r.getrandbits(12):03x}-{r.getrandbits(48):012x}" for _ in range(n["keys"])]
        self.functions = [f"{r.choice(TEAMS)}-fn-{i:04d}" for i in range(n["functions"])]
        self.user_names = [f"user{i:05d}" for i in range(n["users"])]
        self.group_names = [f"{TEAMS[i % len(TEAMS)].title()}Group{i:03d}" for i in range(n["groups"])]
        self.role_names = [f"{TEAMS[i % len(TEAMS)].title()}Role{i:04d}" for i in range(n["roles"])]
        self.policy_names = [f"Policy{i:05d}" for i in range(n["policies"])]

    def resource_arn(self, service: str, exact: bool = True) -> str:
        r = self.r
        region = r.choice(REGIONS)
        if service == "s3":
            bucket = r.choice(self.buckets)
            return f"arn:aws:s3:::{bucket}/{r.choice(['data', 'in', 'out', 'tmp'])}/{r.randrange(10000)}.json" \
                if exact else f"arn:aws:s3:::{bucket}/*"
        if service == "dynamodb":
            return f"arn:aws:dynamodb:{region}:{HOME}:table/{r.choice(self.tables)}"
        if service == "ec2":
            return f"arn:aws:ec2:{region}:{HOME}:instance/i-{r.getrandbits(64):016x}"
        if service == "sqs":
            return f"arn:aws:sqs:{region}:{HOME}:{r.choice(self.queues)}"
        if service == "kms":
            return f"arn:aws:kms:us-east-1:{HOME}:key/{r.choice(self.keys)}"
        if service == "lambda":
            return f"arn:aws:lambda:{region}:{HOME}:function:{r.choice(self.functions)}"
        if service == "logs":
            return f"arn:aws:logs:{region}:{HOME}:log-group:/aws/{r.choice(self.functions)}:*"
        if service == "iam":
            return f"arn:aws:iam::{HOME}:user/{r.choice(self.user_names)}"
        if service == "sts":
            return f"arn:aws:iam::{HOME}:role/{r.choice(self.role_names)}"
        raise ValueError(service)

    # -- policy statements --------------------------------------------------------------------
    def action_element(self):
        r = self.r
        service = r.choice(list(ACTIONS))
        roll = r.random()
        if roll < 0.15:
            return service, f"{service}:*"
        if roll < 0.35:
            verb = r.choice(["Get", "List", "Describe", "Put", "Delete"])
            return service, f"{service}:{verb}*"
        if roll < 0.4:
            return service, f"{service}:{r.choice(ACTIONS[service])[:-1]}?"
        picks = r.sample(ACTIONS[service], k=min(len(ACTIONS[service]), r.randint(1, 4)))
        return service, [f"{service}:{a}" for a in picks]

    def resource_element(self, service: str):
        r = self.r
        roll = r.random()
        if roll < 0.25 or service in ("ec2", "iam", "sts") and roll < 0.5:
            return "*"
        if service == "s3" and roll < 0.4:
            return [f"arn:aws:s3:::{r.choice(self.buckets)}/home/${{aws:username}}/*",
                    f"arn:aws:s3:::{r.choice(self.buckets)}"]
        if service == "s3" and roll < 0.5:
            return f"arn:aws:s3:::{r.choice(self.buckets)}/${{aws:PrincipalTag/team}}/*"
        if roll < 0.6:
            return [self.resource_arn(service, exact=False) for _ in range(r.randint(2, 4))]
        return self.resource_arn(service, exact=False)

    def condition(self):
        r = self.r
        kind = r.randrange(10)
        if kind == 0:
            return {"StringEquals": {"aws:PrincipalTag/team": r.sample(TEAMS, 2)}}
        if kind == 1:
            return {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", f"203.0.113.{r.randrange(0, 256, 16)}/28"]}}
        if kind == 2:
            return {"Bool": {"aws:SecureTransport": "true"}}
        if kind == 3:
            return {"StringLike": {"aws:userid": ["AIDA*", "AROA*:${aws:username}"]}}
        if kind == 4:
            return {"NumericLessThanEquals": {"s3:max-keys": str(r.choice([10, 100, 1000]))}}
        if kind == 5:
            return {"DateGreaterThan": {"aws:CurrentTime": f"2026-0{r.randint(1, 9)}-01T00:00:00Z"}}
        if kind == 6:
            return {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{HOME}:role/{r.choice(TEAMS).title()}*"}}
        if kind == 7:
            return {"StringEqualsIfExists": {"aws:RequestedRegion": r.sample(REGIONS, 2)}}
        if kind == 8:
            return {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "cost-center"]}}
        return {"Null": {"aws:MultiFactorAuthPresent": "false"}}

    def statement(self, index: int, deny_ratio: float = 0.15) -> dict:
        r = self.r
        service, action = self.action_element()
        st: dict = {"Sid": f"S{index}", "Effect": "Deny" if r.random() < deny_ratio else "Allow"}
        if r.random() < 0.08:
            st["NotAction"] = action if isinstance(action, list) else [action]
        else:
            st["Action"] = action
        if r.random() < 0.04:
            st["NotResource"] = self.resource_arn(service, exact=False)
        else:
            st["Resource"] = self.resource_element(service)
        if r.random() < 0.4:
            cond = self.condition()
            if r.random() < 0.2:
                for k, v in self.condition().items():
                    cond.setdefault(k, v)
            st["Condition"] = cond
        return st

    def managed_policy(self) -> dict:
        count = self.r.randint(3, 25)
        doc = {"Version": "2012-10-17", "Statement": [self.statement(i) for i in range(count)]}
        while len(compact(doc)) > MANAGED_POLICY_LIMIT and len(doc["Statement"]) > 3:
            doc["Statement"].pop()
        return doc

    # -- identities ----------------------------------------------------------------------------
    def build(self) -> dict:
        r = self.r
        self.names()
        policies = {name: {"description": f"generated policy {i}", "document": self.managed_policy()}
                    for i, name in enumerate(self.policy_names)}
        boundary_names = self.policy_names[:8]
        for name in boundary_names:            # boundaries: broad allows with a few denies
            policies[name]["document"] = {"Version": "2012-10-17", "Statement": [
                {"Sid": "Services", "Effect": "Allow",
                 "Action": [f"{s}:*" for s in r.sample(list(ACTIONS), 6)], "Resource": "*"},
                {"Sid": "NoKeyDeletion", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
            ]}
        groups = {g: {"policies": r.sample(self.policy_names[8:], r.randint(2, 5))} for g in self.group_names}
        users = {}
        for name in self.user_names:
            user = {"groups": r.sample(self.group_names, r.randint(1, 3)),
                    "tags": {"team": r.choice(TEAMS)}}
            if r.random() < 0.5:
                user["policies"] = r.sample(self.policy_names[8:], r.randint(1, 2))
            if r.random() < 0.1:
                user["policies"] = user.get("policies", []) + [r.choice(AWS_MANAGED)]
            if r.random() < 0.1:
                user["boundary"] = r.choice(boundary_names)
            if r.random() < 0.05:
                user["inline"] = {"Self": {"Version": "2012-10-17", "Statement": [self.statement(0)]}}
            user["console"] = r.random() < 0.6
            user["mfa"] = user["console"] and r.random() < 0.7
            users[name] = user
        roles = {}
        for name in self.role_names:
            principal = r.choice([{"Service": r.choice(SERVICE_PRINCIPALS)}, {"AWS": f"arn:aws:iam::{HOME}:root"},
                                  {"AWS": PARTNER}])
            role = {"trust": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]},
                "policies": r.sample(self.policy_names[8:], r.randint(1, 4)),
                "tags": {"team": r.choice(TEAMS)}}
            if r.random() < 0.15:
                role["policies"].append(r.choice(AWS_MANAGED))
            if r.random() < 0.1:
                role["boundary"] = r.choice(boundary_names + BOUNDARIES_MANAGED)
            roles[name] = role
        resources = {}
        for bucket in self.buckets:
            entry: dict = {"arn": f"arn:aws:s3:::{bucket}", "tags": {"team": bucket.split("-")[0]}}
            if r.random() < 0.6:
                entry["policy"] = self.bucket_policy(bucket)
            resources[bucket] = entry
        for key in self.keys:
            resources[f"key-{key[:8]}"] = {"arn": f"arn:aws:kms:us-east-1:{HOME}:key/{key}",
                                           "policy": self.key_policy()}
        for i in range(max(5, self.n["roles"] // 10)):
            instance = f"i-{r.getrandbits(64):016x}"
            resources[f"instance-{i:03d}"] = {"arn": f"arn:aws:ec2:us-east-1:{HOME}:instance/{instance}",
                                     "role": r.choice(self.role_names)}
        self.compute = [k for k in resources if k.startswith("instance-")]
        scenario = {
            "iam_studio": 1,
            "title": f"Generated {self.size} account",
            "description": "Generated by bench/generate.py for benchmarks.",
            "account": HOME,
            "time": "2026-11-28T09:00:00Z",
            "policies": policies, "users": users, "groups": groups, "roles": roles,
            "resources": resources,
            "organization": {"id": "o-a1b2c3d4e5", "management_account": "999999999999", "accounts": [HOME],
                             "scps": [{"target": "r-root", "policies": ["FullAWSAccess"]},
                                      {"target": "ou-workloads", "policies": ["FullAWSAccess", {
                                          "Version": "2012-10-17", "Statement": [
                                              {"Effect": "Deny", "Action": "organizations:LeaveOrganization",
                                               "Resource": "*"}]}]}]},
            "requests": [self.request(i) for i in range(self.n["requests"])],
        }
        return scenario

    def bucket_policy(self, bucket: str) -> dict:
        r = self.r
        statements = [{"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                       "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
        for i in range(r.randint(1, 4)):
            principal = r.choice([{"AWS": f"arn:aws:iam::{HOME}:role/{r.choice(self.role_names)}"},
                                  {"AWS": f"arn:aws:iam::{HOME}:user/{r.choice(self.user_names)}"},
                                  {"AWS": PARTNER}, {"Service": "cloudtrail.amazonaws.com"}])
            actions = r.sample(["s3:GetObject", "s3:PutObject", "s3:ListBucket"], r.randint(1, 2))
            resource = [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"] if "s3:ListBucket" in actions \
                else f"arn:aws:s3:::{bucket}/*"
            statements.append({"Sid": f"Grant{i}", "Effect": "Allow", "Principal": principal,
                               "Action": actions, "Resource": resource})
        return {"Version": "2012-10-17", "Statement": statements}

    def key_policy(self) -> dict:
        r = self.r
        statements = [{"Sid": "EnableIAMUserPermissions", "Effect": "Allow",
                       "Principal": {"AWS": f"arn:aws:iam::{HOME}:root"}, "Action": "kms:*", "Resource": "*"}]
        if r.random() < 0.5:
            statements = []
        statements.append({"Sid": "KeyUsers", "Effect": "Allow",
                           "Principal": {"AWS": [f"arn:aws:iam::{HOME}:role/{n}"
                                                 for n in r.sample(self.role_names, 3)]},
                           "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], "Resource": "*"})
        statements.append({"Sid": "NoDeletion", "Effect": "Deny", "Principal": "*",
                           "Action": "kms:ScheduleKeyDeletion", "Resource": "*",
                           "Condition": {"StringNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{HOME}:role/Security*"}}})
        return {"Version": "2012-10-17", "Statement": statements}

    def request(self, i: int) -> dict:
        r = self.r
        roll = r.random()
        service = r.choice(list(ACTIONS))
        action = f"{service}:{r.choice(ACTIONS[service])}"
        req: dict = {"name": f"request {i:06d}"}
        if roll < 0.6:
            req["principal"] = f"user/{r.choice(self.user_names)}"
        elif roll < 0.9:
            req["principal"] = f"role/{r.choice(self.role_names)}"
            if r.random() < 0.1:
                req["session_policy"] = r.choice(self.policy_names[8:])
        elif roll < 0.95:
            req["principal"] = r.choice(self.compute)
        elif roll < 0.97:
            req["principal"] = "root"
        elif roll < 0.98:
            req["principal"] = "anonymous"
        else:
            req["principal"] = r.choice(SERVICE_PRINCIPALS)
        req["action"] = action
        req["resource"] = "*" if action in ("ec2:DescribeInstances", "lambda:ListFunctions", "iam:ListUsers") \
            else self.resource_arn(service)
        context = {"aws:SourceIp": r.choice(["10.1.2.3", "203.0.113.7", "198.51.100.20"]),
                   "aws:SecureTransport": r.random() < 0.95,
                   "aws:RequestedRegion": r.choice(REGIONS)}
        if r.random() < 0.2:
            context["aws:TagKeys"] = r.sample(["team", "cost-center", "owner"], 2)
        if service == "s3" and r.random() < 0.3:
            context["s3:max-keys"] = r.choice([5, 50, 500, 5000])
        req["context"] = context
        return req


def compact(document: dict) -> str:
    """The document as AWS counts it: JSON without whitespace outside strings."""
    return json.dumps(document, separators=(",", ":"))


def generate(size: str, seed: int = 20261128) -> dict:
    return Generator(size, seed).build()


def dump(scenario: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(scenario, indent=1) + "\n"
    import yaml
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = "# Generated by bench/generate.py (deterministic); do not edit.\n"
    return header + yaml.dump(scenario, Dumper=dumper, sort_keys=False, default_flow_style=False,
                              allow_unicode=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("-o", "--output", help="output file (default: bench/out/SIZE.FORMAT)")
    args = parser.parse_args(argv)
    out = Path(args.output) if args.output else Path(__file__).parent / "out" / f"{args.size}.{args.format}"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = dump(generate(args.size, args.seed), args.format)
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {len(text.encode()) / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
