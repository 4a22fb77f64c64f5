"""One request checked field by field, as a form holds it, with the loader's rules and codes; and the
credentials AWS gives each kind of caller.

`check_request` never raises: each problem names the field it belongs to, so a form can show it at
that field. Unknown actions are warnings with "did you mean" (AWS has no such API call, so nothing
would be authorized); everything the loader would reject is an error. A credential the caller does
not have (a console sign-in for a user without a password) is no form error: AWS refuses it at
authentication, and the engine says so.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..arn import valid_arn
from ..diagnostics import Diagnostic, Severity
from ..isotime import parse_time
from .kinds import CredentialType
from .model import RequestSpec, Scenario
from .validate import suggest

CREDENTIAL_TYPES = tuple(c.value for c in CredentialType)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A problem of one field of a request: `principal`, `action`, `resource`, `expires`, `key_id`
    or `context`."""

    field: str
    diagnostic: Diagnostic


def _problem(field: str, code: str, message: str, help: str | None = None,
             severity: Severity = Severity.ERROR) -> FieldProblem:
    return FieldProblem(field, Diagnostic(code, severity, message, None, help))


def action_name_problem(action: str) -> FieldProblem | None:
    """A request names one API call, `service:ActionName` (the loader applies this rule too)."""
    service, _, name = action.partition(":")
    if not service or not name or not all(c.isalnum() or c == "-" for c in service) \
            or not all(c.isalnum() or c in "-_" for c in name):
        help_text = "a request names one action, `service:ActionName`, such as `s3:GetObject`"
        if "*" in action or "?" in action:
            help_text = "a request is one API call: name a single action, without wildcards"
        return _problem("action", "scenario.bad-action", f"`{action}` is not an action name", help_text)
    return None


def action_problem(action: str) -> FieldProblem | None:
    """A request names one API call, `service:ActionName`, that the catalogue knows."""
    if (found := action_name_problem(action)) is not None:
        return found
    service, _, name = action.partition(":")
    from ..catalog import catalog
    cat = catalog()
    if not cat.has_service(service):
        near = cat.suggest_service(service)
        return _problem("action", "scenario.unknown-action", f"`{service}` is not a known service prefix",
                        f"did you mean `{near}:{name}`?" if near else "service prefixes are listed in the "
                        "Service Authorization Reference, e.g. `s3`, `ec2`, `iam`", Severity.WARNING)
    if cat.action(action) is None:
        near = cat.suggest_action(action)
        return _problem("action", "scenario.unknown-action", f"`{action}` is not a known action: AWS has no "
                        "such API call, so no policy can allow it",
                        f"did you mean `{near}`?" if near else f"see the actions of `{service}` in the Service "
                        "Authorization Reference", Severity.WARNING)
    return None


def check_request(scenario: Scenario, spec: RequestSpec) -> list[FieldProblem]:
    """Every problem of `spec` against `scenario`, by field (an empty list: the request can be sent)."""
    out: list[FieldProblem] = []
    for field, value, example in (("principal", spec.principal, "`user/alice` or `role/App`"),
                                  ("action", spec.action, "`s3:GetObject`"),
                                  ("resource", spec.resource, "an ARN, or `*`")):
        if not value.strip():
            out.append(_problem(field, "scenario.missing-key", f"the request has no {field}", f"give {example}"))
    if spec.action.strip() and (found := action_problem(spec.action.strip())) is not None:
        out.append(found)
    resource = spec.resource.strip()
    if resource and resource != "*" and valid_arn(resource) is None:
        out.append(_problem("resource", "scenario.bad-arn", f"`{resource}` is not a valid ARN",
                            "a request's resource is an ARN such as `arn:aws:s3:::employee-photos/alice.jpg`, "
                            "or `*` for actions that take no resource"))
    if spec.principal.strip():
        out.extend(_principal_problems(scenario, spec))
    credential = spec.credential
    if credential is not None:
        if credential.expires is not None and parse_time(credential.expires) is None:
            out.append(_problem("expires", "scenario.bad-time", f"`{credential.expires}` is not an ISO 8601 time",
                                "write a time such as `2026-11-28T09:00:00Z`, or leave it empty"))
        if credential.type == "access_key" and not credential.key_id:
            out.append(_problem("key_id", "scenario.bad-credential", "an access key credential needs a key id",
                                "pick one of the user's access keys"))
    for key in spec.context:
        if ":" not in key:
            out.append(_problem("context", "scenario.bad-context-key", f"`{key}` is not a condition key",
                                "context keys read `prefix:name`, such as `aws:SourceIp`"))
    return out


def _principal_problems(scenario: Scenario, spec: RequestSpec) -> list[FieldProblem]:
    from .principal import PrincipalError, resolve_principal
    text = spec.principal.strip()
    for prefix, table, section in (("user/", scenario.users, "users"), ("role/", scenario.roles, "roles")):
        if text.startswith(prefix) and text[len(prefix):] not in table:
            return [_problem("principal", "scenario.unknown-principal",
                             f"no {prefix[:-1]} `{text[len(prefix):]}` in `{section}:`",
                             suggest(text[len(prefix):], table) or f"declare it under `{section}:`")]
    try:
        resolve_principal(scenario, text, spec.session_name)
    except PrincipalError as exc:
        return [_problem("principal", "scenario.bad-principal", str(exc),
                         "write `user/NAME`, `role/NAME`, `root`, `anonymous`, a resource with a `role`, "
                         "an IAM or STS ARN, or a service principal such as `ec2.amazonaws.com`")]
    return []


def credential_types(scenario: Scenario, principal: str, session_name: str | None = None) -> tuple[str, ...]:
    """The credential types AWS gives this caller: a user its console password and access keys (and
    sessions from GetSessionToken, which needs an access key), a role only sessions (a role has no
    password and no access keys), the root user its console sign-in; anonymous callers and services none.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html"""
    from .principal import PrincipalError, PrincipalKind, resolve_principal
    try:
        found = resolve_principal(scenario, principal, session_name)
    except PrincipalError:
        return ()
    if found.kind is PrincipalKind.ROLE_SESSION:
        return ("session",)
    if found.kind is PrincipalKind.ROOT:
        return ("console",)
    if found.kind is PrincipalKind.USER:
        user = found.user
        if user is None:                     # an ARN of a user this scenario does not declare
            return CREDENTIAL_TYPES
        kinds = ["console"] if user.console else []
        if user.access_keys:
            kinds += ["access_key", "session"]
        return tuple(kinds)
    return ()
