"""Rules AWS applies beyond the policy documents: requests that no policy can allow, and one request a
resource-based policy cannot deny (`ROOT_BUCKET_POLICY`).

Each rule names the actions it refuses on which resources, and the AWS page that says so. A
refused request is an implicit deny whatever the policies allow (the root user and administrators
included); an explicit deny that matches still wins, because AWS evaluates denies first. AWS
reports most of these as an error of the API (UnmodifiableEntity, for example) rather than
AccessDenied; IAM Studio shows them as the implicit deny they amount to. See docs/aws-rules.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..arn import parse_arn
from ..scenario.principal import Principal, PrincipalKind


@dataclass(frozen=True, slots=True)
class AwsRule:
    """One rule: which actions (lower case) it refuses on which resources, and why."""

    id: str
    title: str                 # the rule in a few words, as the trace shows it
    explanation: str           # one sentence for the learner
    source: str                # the AWS documentation page
    actions: frozenset[str]
    service: str
    account: str | None        # the ARN's account must be this (None: any)
    prefix: str                # the ARN's resource part starts with this
    exempt_caller: str | None = None   # callers whose role ARN's resource part starts with this
    other_accounts: bool = False       # refuses only callers from another account than the resource's

    def applies(self, action: str, resource: str, caller_role_arn: str | None = None,
                caller_account: str | None = None, resource_account: str | None = None) -> bool:
        if action.lower() not in self.actions:
            return False
        if self.other_accounts and caller_account is not None and caller_account == resource_account:
            return False
        caller = parse_arn(caller_role_arn)
        if self.exempt_caller and caller is not None and caller.resource.startswith(self.exempt_caller):
            return False
        arn = parse_arn(resource)
        return (arn is not None and arn.service == self.service and arn.resource.startswith(self.prefix)
                and (self.account is None or arn.account == self.account))

    def reason(self, action: str, resource: str) -> str:
        return f"{self.title}: {self.explanation}; no policy can allow {action} on {resource} (implicit deny)"


def _actions(service: str, *names: str) -> frozenset[str]:
    return frozenset(f"{service}:{name}".lower() for name in names)


_BUCKET_POLICY_ACTIONS = _actions("s3", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy")
_BUCKET_POLICY_PAGE = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html"

_ROLE_PERMISSIONS = ("AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy",
                     "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary")

RULES: tuple[AwsRule, ...] = (
    AwsRule(
        "aws-managed-policy", "AWS managed policies cannot be changed",
        "AWS creates and maintains them; no principal of a customer account, not even the root user, "
        "can create, change, delete or tag a policy under arn:aws:iam::aws:policy/",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
        _actions("iam", "CreatePolicy", "CreatePolicyVersion", "DeletePolicy", "DeletePolicyVersion",
                 "SetDefaultPolicyVersion", "TagPolicy", "UntagPolicy"),
        "iam", "aws", "policy/"),
    AwsRule(
        "reserved-role", "IAM Identity Center's reserved roles cannot be modified through IAM",
        "roles under the path /aws-reserved/ (AWSReservedSSO_*) are managed by IAM Identity Center; change "
        "the permission set instead",
        "https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html",
        _actions("iam", *_ROLE_PERMISSIONS, "UpdateAssumeRolePolicy", "UpdateRole", "UpdateRoleDescription",
                 "DeleteRole", "TagRole", "UntagRole"),
        "iam", None, "role/aws-reserved/",
        # IAM Identity Center changes them itself, through its service-linked role AWSServiceRoleForSSO
        # (https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html).
        "role/aws-service-role/sso.amazonaws.com/"),
    AwsRule(
        "service-linked-role", "A service-linked role's permissions cannot be edited in IAM",
        "the linked service defines its permissions and trust policy, it cannot have a permissions boundary, "
        "and it is deleted with iam:DeleteServiceLinkedRole; only its description (and tags) can be changed",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html",
        _actions("iam", *_ROLE_PERMISSIONS, "UpdateAssumeRolePolicy", "DeleteRole"),
        "iam", None, "role/aws-service-role/"),
    AwsRule(
        "aws-managed-key-alias", "Aliases of AWS managed keys cannot be created, changed or deleted",
        "the alias/aws/ prefix is reserved for AWS managed keys, whose aliases AWS manages",
        "https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html",
        _actions("kms", "CreateAlias", "UpdateAlias", "DeleteAlias"),
        "kms", None, "alias/aws/"),
    AwsRule(
        "bucket-policy-other-account", "Only the bucket owner's account can read or change a bucket policy",
        "S3 answers GetBucketPolicy, PutBucketPolicy and DeleteBucketPolicy from any identity outside the "
        "account that owns the bucket with 405 Method Not Allowed, whatever the policies allow",
        _BUCKET_POLICY_PAGE, _BUCKET_POLICY_ACTIONS, "s3", None, "", other_accounts=True),
)


@dataclass(frozen=True, slots=True)
class AwsExemption:
    """Requests AWS lets past a resource-based policy: for these actions (lower case), on a bucket of its own
    account, the root user is not bound by the bucket policy (`covers`)."""

    id: str
    title: str
    explanation: str
    source: str
    actions: frozenset[str]

    def covers(self, principal: Principal, action: str, resource: str, resource_account: str | None) -> bool:
        """Whether the request is exempt: the root user of the bucket's own account asking one of the actions
        on the bucket itself (not an object)."""
        if action.lower() not in self.actions or principal.kind is not PrincipalKind.ROOT \
                or principal.account != resource_account:
            return False
        arn = parse_arn(resource)
        return arn is not None and arn.service == "s3" and bool(arn.resource) and "/" not in arn.resource

    def note(self) -> str:
        """What the trace, the plain explanation and "what would flip this?" say of it (no final stop)."""
        return f"the bucket policy does not count here: {self.explanation}"

    def reason(self, action: str) -> str:
        return f"{self.title}, even where the policy denies it (so that no owner is locked out); nothing else " \
               f"denies {action}"


ROOT_BUCKET_POLICY = AwsExemption(
    "root-bucket-policy", "the root user of the bucket's own account can always manage its bucket policy",
    "AWS lets the root user of the account that owns a bucket read, replace and delete the bucket policy "
    "whatever it says, so that no owner can lock itself out; only SCPs, RCPs and VPC endpoint policies can "
    "stop it", _BUCKET_POLICY_PAGE, _BUCKET_POLICY_ACTIONS)


def root_exemption(action: str) -> AwsExemption | None:
    """The exemption the root user may have for `action` (see `AwsExemption.covers`), or None."""
    return ROOT_BUCKET_POLICY if action.lower() in ROOT_BUCKET_POLICY.actions else None


_BY_ACTION: dict[str, tuple[AwsRule, ...]] = {}
for _rule in RULES:
    for _action in _rule.actions:
        _BY_ACTION[_action] = _BY_ACTION.get(_action, ()) + (_rule,)


def rules_for_action(action: str) -> tuple[AwsRule, ...]:
    """The rules that may refuse `action` (most actions have none)."""
    return _BY_ACTION.get(action.lower(), ())


def refusing_rule(rules: tuple[AwsRule, ...], action: str, resource: str, caller_role_arn: str | None,
                  caller_account: str | None = None, resource_account: str | None = None) -> AwsRule | None:
    """The one of `rules` that refuses `action` on `resource` whatever the policies say, or None."""
    for rule in rules:
        if rule.applies(action, resource, caller_role_arn, caller_account, resource_account):
            return rule
    return None


# iam:PassRole is not limited by the passed role's own tags: "You cannot limit permissions to pass a
# role based on tags attached to that role"
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). The role's tags are
# therefore not in the request context of a PassRole: aws:ResourceTag/... is absent.
_UNTAGGED_ACTIONS = frozenset({"iam:passrole"})


def resource_tags_in_context(action: str) -> bool:
    """Whether the resource's tags become aws:ResourceTag/... keys for this action."""
    return action.lower() not in _UNTAGGED_ACTIONS
