"""Who is calling: the request's `principal` string resolved against the scenario."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from .model import Role, Scenario, User


class PrincipalKind(str, Enum):
    USER = "user"                  # an IAM user (long-term credentials)
    ROLE_SESSION = "role_session"  # a session of a role (temporary credentials)
    ROOT = "root"                  # an account's root user
    ANONYMOUS = "anonymous"        # no credentials at all
    SERVICE = "service"            # an AWS service principal, e.g. ec2.amazonaws.com


@dataclass(slots=True)
class Principal:
    kind: PrincipalKind
    arn: str                        # user ARN, assumed-role session ARN, root ARN, service name, "anonymous"
    account: str | None             # None for services and anonymous callers
    user: User | None = None
    role: Role | None = None
    role_name: str | None = None    # set for role sessions, even of undeclared roles
    role_arn: str | None = None     # the role's own ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME)
    session_name: str | None = None
    declared: bool = True           # False: an ARN naming a user or role the scenario does not declare
    compute: str | None = None      # the compute resource (EC2 instance, Lambda function) whose session this is
    compute_service: str | None = None    # its service: ec2, lambda, ...
    label: str = ""                 # short name for people: `user/alice`, `role/App (session web-1)`, ...

    def __post_init__(self) -> None:
        if not self.label:
            self.label = _label(self)


def _label(p: Principal) -> str:
    if p.kind is PrincipalKind.USER:
        return f"user/{p.arn.rsplit('/', 1)[-1]}"
    if p.kind is PrincipalKind.ROLE_SESSION:
        return f"role/{p.role_name} (session {p.session_name})"
    if p.kind is PrincipalKind.ROOT:
        return f"root of {p.account}"
    return p.arn


def unique_id(prefix: str, account: str, name: str) -> str:
    """A deterministic, AWS-shaped unique id (AIDA... for users, AROA... for roles) derived from the name."""
    digest = hashlib.sha256(f"{account}/{name}".encode()).hexdigest().upper()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    body = "".join(alphabet[int(digest[i:i + 2], 16) % 32] for i in range(0, 34, 2))
    return (prefix + body)[:21]


def user_id(user: User) -> str:
    return user.id or unique_id("AIDA", user.account, "user/" + user.name)


def role_id(role: Role) -> str:
    return role.id or unique_id("AROA", role.account, "role/" + role.name)


_ARN = re.compile(r"^arn:aws:(iam|sts)::(\d{12}):(.+)$")


class PrincipalError(ValueError):
    """The principal string names nothing the tool can resolve; the message says why."""


def resolve_principal(scenario: Scenario, text: str, session_name: str | None = None) -> Principal:
    """Resolve a request's `principal` as the scenario contract defines it."""
    text = text.strip()
    home = scenario.account
    if text == "root":
        return Principal(PrincipalKind.ROOT, f"arn:aws:iam::{home}:root", home)
    if text == "anonymous":
        return Principal(PrincipalKind.ANONYMOUS, "anonymous", None)
    if text.startswith("user/"):
        name = text[5:]
        user = scenario.users.get(name)
        if user is None:
            raise PrincipalError(f"no user `{name}` in this scenario")
        return Principal(PrincipalKind.USER, user.arn, user.account, user=user)
    if text.startswith("role/"):
        return _role_session(scenario, text[5:], session_name or "session")
    resource = scenario.resources.get(text)
    if resource is not None and resource.role:
        session = _role_session(scenario, resource.role, session_name or _instance_id(resource.arn))
        session.compute = text
        parts = resource.arn.split(":")
        session.compute_service = parts[2] if len(parts) > 2 else None
        return session
    if text.endswith(".amazonaws.com") or text.endswith(".amazonaws.com.cn"):
        return Principal(PrincipalKind.SERVICE, text, None)
    match = _ARN.match(text)
    if match:
        service, account, rest = match.groups()
        if service == "iam" and rest == "root":
            return Principal(PrincipalKind.ROOT, text, account)
        if service == "iam" and rest.startswith("user/"):
            name = rest.rsplit("/", 1)[-1]
            user = scenario.users.get(name)
            if user is not None and user.account == account and user.arn == text:
                return Principal(PrincipalKind.USER, text, account, user=user)
            return Principal(PrincipalKind.USER, text, account, declared=False)
        if service == "iam" and rest.startswith("role/"):
            name = rest.rsplit("/", 1)[-1]
            role = scenario.roles.get(name)
            if role is not None and role.account == account and role.arn == text:
                return _role_session(scenario, name, session_name or "session")
            return Principal(PrincipalKind.ROLE_SESSION, f"arn:aws:sts::{account}:assumed-role/{name}/"
                             f"{session_name or 'session'}", account, role_name=name, role_arn=text,
                             session_name=session_name or "session", declared=False)
        if service == "sts" and rest.startswith("assumed-role/"):
            parts = rest.split("/")
            if len(parts) != 3 or not parts[1] or not parts[2]:
                raise PrincipalError(f"`{text}` is not a role session ARN")
            _, name, session_id = parts
            role = scenario.roles.get(name)
            if role is not None and role.account == account:
                return _role_session(scenario, name, session_id)
            return Principal(PrincipalKind.ROLE_SESSION, text, account, role_name=name,
                             role_arn=f"arn:aws:iam::{account}:role/{name}", session_name=session_id,
                             declared=False)
    raise PrincipalError(f"`{text}` is not a principal this tool understands")


def _role_session(scenario: Scenario, name: str, session_name: str) -> Principal:
    role = scenario.roles.get(name)
    if role is None:
        raise PrincipalError(f"no role `{name}` in this scenario")
    arn = f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session_name}"
    return Principal(PrincipalKind.ROLE_SESSION, arn, role.account, role=role, role_name=role.name,
                     role_arn=role.arn, session_name=session_name)


def _instance_id(arn: str) -> str:
    """The id at the end of a compute resource ARN (an EC2 instance's role session is named after it)."""
    return re.split(r"[/:]", arn)[-1] or "session"
