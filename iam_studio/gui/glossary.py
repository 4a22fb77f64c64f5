"""Plain-words explanations: one sentence per node type, edge type and pipeline stage, and a glossary panel.

The pipeline view imports `STAGE_TIPS`; the canvas uses `NODE_TIPS`, `RESOURCE_TIPS` and `EDGE_TIPS`.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTextBrowser, QVBoxLayout, QWidget

NODE_TIPS = {
    "root": (
        "The root user is the account's owner: it can do everything in the account, so lock it away and use "
        "it almost never."),
    "user": (
        "A user is one person or program with long-term credentials (a password for the console, access keys "
        "for the API)."),
    "group": "A group is a set of users that share the same policies; it is not an identity itself and cannot sign in.",
    "role": (
        "A role is an identity that someone or something assumes for a while; it has no password or keys, "
        "only short-term credentials."),
    "policy": (
        "A policy is a JSON document of Allow and Deny statements that says which actions are allowed on "
        "which resources."),
    "resource": (
        "A resource is a thing in AWS that requests act on, named by its ARN; some resources carry their own "
        "resource-based policy."),
}
RESOURCE_TIPS = {
    "s3": "An S3 bucket holds objects (files); its bucket policy is a resource-based policy.",
    "s3object": "An S3 object is one file in a bucket; the bucket's policy covers it.",
    "ec2": "An EC2 instance is a virtual server; it gets permissions by running as a role (instance profile).",
    "lambda": "A Lambda function is code that AWS runs on demand; it gets permissions from its execution role.",
    "dynamodb": "A DynamoDB table is a managed database table, reached through actions such as dynamodb:GetItem.",
    "kms": "A KMS key encrypts data; its key policy decides who may use it, even before identity policies count.",
    "other": "A resource of another service, named by its ARN.",
}
POLICY_TIPS = {
    "aws": "An AWS managed policy is written and updated by AWS; you can attach it but not change it.",
    "managed": "A customer managed policy is yours: one document you can attach to many users, groups and roles.",
    "inline": "An inline policy is embedded in exactly one user, group or role and is deleted with it.",
    "resource": "A resource-based policy is attached to the resource and names who (Principal) may act on it.",
}
EDGE_TIPS = {
    "member": "The user is a member of the group, so the group's policies apply to the user too.",
    "attached": "The policy is attached to this identity, so its statements apply to the identity's requests.",
    "boundary": (
        "A permissions boundary sets the most an identity can do: an action must be allowed by both the "
        "boundary and a policy."),
    "inline": "This inline policy lives inside the identity and applies only to it.",
    "trust": ("The role's trust policy lets this principal assume the role and act with the role's permissions; "
              "drawn to the account's frame when it names the account (arn:aws:iam::ACCOUNT:root), which lets "
              "the account's own policies decide who may."),
    "runs_as": "This compute resource runs as the role, so its code makes requests with the role's permissions.",
    "resource_policy": (
        "The resource's own policy, which can allow or deny access even to principals in other accounts."),
    "scp": (
        "An organization's service control policy caps what every user, role and the root user of the account"
        " may do; it grants nothing."),
    "rcp": (
        "An organization's resource control policy caps what anyone may do to the account's resources; it "
        "grants nothing."),
}
STAGE_TIPS = {
    "authentication": "Authentication checks who is asking: a valid signature, an active key or an unexpired session.",
    "context": "AWS builds the request context: facts about the request such as the caller's ARN, IP address and time.",
    "gather": (
        "AWS gathers every policy that applies to this request: identity, resource, boundary, session and "
        "organization policies."),
    "explicit_deny": "If any applicable policy has a matching Deny, the request is denied, whatever else allows it.",
    "aws_rule": ("Some requests no policy can allow: AWS refuses them itself, for example changing an AWS managed "
                 "policy or a role that IAM Identity Center manages."),
    "rcp": "Resource control policies from AWS Organizations set the most anyone can do to the account's resources.",
    "scp": "Service control policies from AWS Organizations set the most the account's users and roles can do.",
    "resource": ("Within one account, a resource-based policy can grant access on its own, as long as nothing else "
                 "denies it; across accounts, the caller's identity-based policies must allow it too."),
    "identity": ("Identity-based policies (on the user, its groups, or the role) or a resource-based policy must allow "
                 "the action; across accounts, both must."),
    "boundary": "A permissions boundary must also allow the action; it only limits, it never grants.",
    "session": "A session policy passed when assuming a role can only narrow what the role's policies allow.",
    "vpc_endpoint": "A VPC endpoint policy limits what requests through that endpoint may do.",
    "verdict": "The final decision: allowed, or denied explicitly (a Deny matched) or implicitly (nothing allowed it).",
}
TERMS = {
    "Implicit deny": "The default answer: when no policy allows a request, AWS denies it without any Deny statement.",
    "Explicit deny": "A Deny statement that matches the request; it always wins over any Allow.",
    "ARN": "Amazon Resource Name: the unique name of anything in AWS, such as arn:aws:s3:::employee-photos.",
    "Principal": "Who makes the request: a user, a role session, the root user, a service or anyone.",
    "Action": "What the request wants to do, written service:Operation, such as s3:GetObject.",
    "Condition": "Extra tests on the request context (IP address, MFA, tags, time) that a statement needs to apply.",
    "Least privilege": "Give each identity only the permissions it needs for its work, and nothing more.",
    "MFA": "Multi-factor authentication: a second proof of identity, such as a code from a device.",
    "Access key": "A long-term key pair (ID and secret) that a user's programs sign API requests with.",
    "Session": "Short-term credentials from assuming a role; they expire on their own.",
    "Account": "The container for identities and resources, with its own root user and a 12-digit ID.",
    "Organization": "A group of AWS accounts managed together, whose SCPs and RCPs limit every member account.",
    "Authentication": (
        "The first stage of every request: proving who is calling, with a signature, a password or a session."),
    "Authorization": (
        "The second stage: deciding from the policies whether the authenticated caller may do what it asks."),
    "Application login": "How end users sign in to your own app; IAM does not manage it, the application does.",
    "Layers of access control": (
        "Three layers: people signing in to your app (not IAM), people using the AWS account (IAM users and "
        "groups), and your code calling AWS services (IAM roles)."),
    "Policy variable": (
        "A placeholder such as ${aws:username} that AWS fills in from the request, so one policy fits every "
        "user."),
    "Temporary credentials": (
        "Keys that a role hands out for a short time and that expire by themselves; nothing to store in code."),
    "Best practices": (
        "Lock the root user with MFA, give each person their own user, put permissions on groups, grant least"
        " privilege, and use roles for code."),
}


def glossary_entries() -> list[tuple[str, str]]:
    """Every entry of the glossary panel: (term, one sentence), sorted by term."""
    named = {"Root user": NODE_TIPS["root"], "User": NODE_TIPS["user"], "Group": NODE_TIPS["group"],
             "Role": NODE_TIPS["role"], "Policy": NODE_TIPS["policy"], "Resource": NODE_TIPS["resource"],
             "AWS managed policy": POLICY_TIPS["aws"], "Customer managed policy": POLICY_TIPS["managed"],
             "Inline policy": POLICY_TIPS["inline"], "Resource-based policy": POLICY_TIPS["resource"],
             "Permissions boundary": EDGE_TIPS["boundary"], "Trust policy": EDGE_TIPS["trust"],
             "Service control policy (SCP)": STAGE_TIPS["scp"], "Resource control policy (RCP)": STAGE_TIPS["rcp"],
             "Session policy": STAGE_TIPS["session"], "Request context": STAGE_TIPS["context"], **TERMS}
    return sorted(named.items(), key=lambda kv: kv[0].lower())


def node_tip(kind: str, sub: str = "") -> str:
    if kind == "resource":
        return RESOURCE_TIPS.get(sub, RESOURCE_TIPS["other"])
    if kind == "policy" and sub in POLICY_TIPS:
        return POLICY_TIPS[sub]
    return NODE_TIPS[kind]


class GlossaryPanel(QWidget):
    """A searchable list of IAM terms in plain words."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("glossaryPanel")
        self.setAccessibleName("Glossary")
        self.search = QLineEdit(self)
        self.search.setObjectName("glossarySearch")
        self.search.setAccessibleName("Search the glossary")
        self.search.setPlaceholderText("Search terms…")
        self.search.setClearButtonEnabled(True)
        self.view = QTextBrowser(self)
        self.view.setObjectName("glossaryText")
        self.view.setAccessibleName("Glossary entries")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.search)
        lay.addWidget(self.view)
        self.search.textChanged.connect(self._show)
        self._show("")

    def _show(self, query: str) -> None:
        q = query.strip().lower()
        rows = [(t, d) for t, d in glossary_entries() if not q or q in t.lower() or q in d.lower()]
        if not rows:
            self.view.setPlainText(f"No term matches “{query}”. Try a shorter word, such as “deny”.")
            return
        self.view.setHtml("".join(f"<p><b>{t}</b><br>{d}</p>" for t, d in rows))

    def shown_terms(self) -> list[str]:
        q = self.search.text().strip().lower()
        return [t for t, d in glossary_entries() if not q or q in t.lower() or q in d.lower()]
