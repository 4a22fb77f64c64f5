"""The authentication stage: does AWS accept the request's credential, and which context keys does it set?

A request's `credential` (see the scenario contract) is an access key (the request is SigV4-signed
and verified for real), a console sign-in, or temporary session credentials. No credential means
"already authenticated". The MFA keys follow AWS's rules
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent):
present for temporary credentials (console sign-in and sessions), absent for long-term access keys;
aws:MultiFactorAuthAge only when MFA was used
(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html).
aws:TokenIssueTime is present only for temporary credentials (same page, #condition-keys-tokenissuetime);
the scenario does not say when a session was issued, so it is taken as issued (and
MFA-authenticated: aws:MultiFactorAuthAge "0") at the request's time. A role session with no
credential given still uses temporary credentials: its keys say "no MFA".

Root access keys: a scenario has no place to declare them (AWS recommends that the root user has
none), so a root request signed with an access key fails like any unknown key.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from ..isotime import iso_utc, parse_time, utc
from ..scenario.model import AccessKey, Credential, RequestSpec, Scenario, User
from ..scenario.principal import Principal, PrincipalKind
from .result import Outcome, Stage, Step

if TYPE_CHECKING:
    from . import sigv4

MFA_PRESENT = "aws:MultiFactorAuthPresent"
MFA_AGE = "aws:MultiFactorAuthAge"
TOKEN_ISSUE_TIME = "aws:TokenIssueTime"

# AWS's error codes and messages (as AWS words them)
INVALID_CLIENT_TOKEN = ("InvalidClientTokenId", "The security token included in the request is invalid")
S3_INVALID_ACCESS_KEY = ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records")
SIGNATURE_MISMATCH = ("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                      "signature you provided. Check your AWS Secret Access Key and signing method")
EXPIRED_TOKEN = ("ExpiredToken", "The security token included in the request is expired")

CREDENTIAL_KINDS = ("access_key", "console", "session")


class Refusal(str, Enum):
    """Which check refused the credential (`Authentication.refusal`; AWS's own error code is `error_code`)."""

    ANONYMOUS_WITH_CREDENTIAL = "anonymous_with_credential"
    UNKNOWN_TYPE = "unknown_type"
    SESSION_WITH_KEY = "session_with_key"      # a role session cannot sign with a long-term access key
    NO_KEY_ID = "no_key_id"
    UNKNOWN_KEY = "unknown_key"
    OTHER_USERS_KEY = "other_users_key"
    INACTIVE_KEY = "inactive_key"
    SIGNATURE = "signature"
    ROLE_CONSOLE = "role_console"              # a role has no password
    UNDECLARED_USER = "undeclared_user"
    NO_PASSWORD = "no_password"
    NO_MFA_DEVICE = "no_mfa_device"            # MFA claimed, but the user (or root) has no device
    MFA_REQUIRED = "mfa_required"              # the user (or root) has a device, and no MFA was given
    BAD_EXPIRY = "bad_expiry"
    EXPIRED = "expired"


@dataclass(slots=True)
class Authentication:
    ok: bool
    reason: str                                           # one sentence for a learner
    steps: list[Step] = field(default_factory=list)       # Stage.AUTHENTICATION, local ids from 0
    context: dict[str, str] = field(default_factory=dict)  # context keys authentication establishes
    credential_kind: str | None = None                    # access_key | console | session, None when not given
    error_code: str | None = None                         # AWS's error code when not authenticated
    refusal: Refusal | None = None                        # the check that refused it, when not authenticated
    facts: dict[str, str] = field(default_factory=dict)   # what the explanation names: key_id, key_owner,
                                                          # key_status, expires, wrong_secret, tampered


class _Trace:
    """Collects steps with local ids when explaining; does nothing otherwise."""

    def __init__(self, explain: bool):
        self.explain = explain
        self.steps: list[Step] = []

    def add(self, outcome: Outcome, message: str, parent: int | None = 0, /, **details: object) -> None:
        if self.explain:
            self.steps.append(Step(len(self.steps), Stage.AUTHENTICATION, outcome, message,
                                   parent if self.steps else None, details=dict(details)))

    def close(self, ok: bool) -> None:
        """Set the top step's outcome once the checks below it are known."""
        if self.steps:
            self.steps[0].outcome = Outcome.PASS if ok else Outcome.FAIL


def request_time(scenario: Scenario, now: datetime) -> datetime:
    """The request's time: the scenario's `time` when it is a valid ISO 8601 time, else `now` (UTC)."""
    return parse_time(scenario.time) or utc(now)


def authenticate(scenario: Scenario, principal: Principal, request: RequestSpec, now: datetime, *,
                 explain: bool = False) -> Authentication:
    """Authenticate `request` as `principal` with the request's credential, as AWS would."""
    trace = _Trace(explain)
    credential = request.credential
    when = request_time(scenario, now)
    if principal.kind is PrincipalKind.SERVICE:
        trace.add(Outcome.PASS, f"{principal.arn} is an AWS service: AWS authenticates its own services",
                  None)
        return Authentication(True, f"{principal.arn} is an AWS service, which AWS authenticates itself",
                              trace.steps)
    if credential is None:
        return _no_credential(principal, when, trace)
    if principal.kind is PrincipalKind.ANONYMOUS:
        trace.add(Outcome.FAIL, f"an anonymous request carries no credentials, but this one has "
                  f"`{credential.type}`", None)
        return Authentication(False, "an anonymous request carries no credentials, so it cannot present "
                              f"a `{credential.type}` credential", trace.steps, credential_kind=credential.type,
                              refusal=Refusal.ANONYMOUS_WITH_CREDENTIAL)
    if credential.type == "access_key":
        result = _access_key(scenario, principal, request, credential, when, trace)
    elif credential.type == "console":
        result = _console(principal, credential, when, trace, scenario.root_mfa)
    elif credential.type == "session":
        result = _session(principal, credential, when, trace)
    else:
        trace.add(Outcome.FAIL, f"unknown credential type `{credential.type}` "
                  f"(expected {', '.join(CREDENTIAL_KINDS)})", None)
        return Authentication(False, f"`{credential.type}` is not a credential type this tool knows",
                              trace.steps, refusal=Refusal.UNKNOWN_TYPE)
    trace.close(result.ok)
    result.steps = trace.steps
    result.credential_kind = credential.type
    return result


def _no_credential(principal: Principal, when: datetime, trace: _Trace) -> Authentication:
    if principal.kind is PrincipalKind.ANONYMOUS:
        trace.add(Outcome.PASS, "anonymous request: no credentials, AWS evaluates it as the anonymous "
                  "principal", None)
        return Authentication(True, "the request is anonymous: it carries no credentials", trace.steps)
    if principal.kind is PrincipalKind.ROLE_SESSION and principal.compute:
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
        # https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
        context = _temporary_context(False, when)
        lambda_ = principal.compute_service == "lambda"
        source = ("its execution role: Lambda passes the function temporary credentials for the role" if lambda_
                  else "its instance profile: EC2 hands the instance temporary credentials for the role through "
                  "the instance metadata service and renews them before they expire")
        what = {"lambda": "the Lambda function", "ec2": "the EC2 instance"}.get(principal.compute_service or "", "")
        message = (f"{what} {principal.compute} runs as role {principal.role_name}: its code signs requests with "
                   f"the temporary credentials of a session of the role, which it gets from {source}; no "
                   "long-term key is involved (and no MFA)")
        trace.add(Outcome.PASS, message.strip(), None, context=dict(context))
        return Authentication(True, f"{principal.label} uses temporary credentials from "
                              f"{'its execution role' if lambda_ else 'its instance profile'}", trace.steps, context)
    if principal.kind is PrincipalKind.ROLE_SESSION:
        context = _temporary_context(False, when)
        trace.add(Outcome.PASS, "no credential given: the request is taken as already authenticated; "
                  "a role session always uses temporary credentials, here without MFA", None,
                  context=dict(context))
        return Authentication(True, f"{principal.label} is taken as already authenticated with temporary "
                              "credentials", trace.steps, context)
    trace.add(Outcome.PASS, "no credential given: the request is taken as already authenticated", None)
    return Authentication(True, f"{principal.label} is taken as already authenticated", trace.steps)


def _temporary_context(mfa: bool, when: datetime) -> dict[str, str]:
    """MFA and token keys of temporary credentials issued (and MFA-authenticated) at `when`."""
    context = {MFA_PRESENT: "true" if mfa else "false", TOKEN_ISSUE_TIME: iso_utc(when)}
    if mfa:
        context[MFA_AGE] = "0"
    return context


def _fail(trace: _Trace, refusal: Refusal, message: str, reason: str, error: tuple[str, str] | None = None,
          facts: dict[str, str] | None = None, **details: object) -> Authentication:
    if error is not None:
        details["error"] = f"{error[0]}: {error[1]}"
    trace.add(Outcome.FAIL, message, **details)
    text = reason if error is None else f"{reason} ({error[0]}: {error[1]})"
    return Authentication(False, text, error_code=error[0] if error else None, refusal=refusal, facts=facts or {})


# --- access keys ---------------------------------------------------------------------------------

def _access_key(scenario: Scenario, principal: Principal, request: RequestSpec, credential: Credential,
                when: datetime, trace: _Trace) -> Authentication:
    key_id = (credential.key_id or "").strip()
    trace.add(Outcome.INFO, f"authenticate with access key `{key_id or '?'}` (long-term credentials)", None)
    unknown = S3_INVALID_ACCESS_KEY if request.action.lower().startswith("s3:") else INVALID_CLIENT_TOKEN
    if principal.kind is PrincipalKind.ROLE_SESSION:
        return _fail(trace, Refusal.SESSION_WITH_KEY,
                     "a role session signs with temporary credentials, not a long-term access key",
                     f"{principal.label} is a role session: it uses temporary credentials (`type: session`), "
                     "not an access key")
    if not key_id:
        return _fail(trace, Refusal.NO_KEY_ID, "the credential has no `key_id`",
                     "the access key credential names no `key_id`")
    found = _find_key(scenario, key_id)
    if found is None:
        if principal.kind is PrincipalKind.ROOT:
            return _fail(trace, Refusal.UNKNOWN_KEY,
                         f"access key `{key_id}` is not declared (root access keys are not modelled)",
                         f"access key `{key_id}` does not exist: scenarios declare no root access keys", unknown,
                         {"key_id": key_id})
        return _fail(trace, Refusal.UNKNOWN_KEY, f"access key `{key_id}` does not exist in this account",
                     f"AWS has no access key `{key_id}`", unknown, {"key_id": key_id})
    owner, key = found
    if principal.kind is not PrincipalKind.USER or principal.user is not owner:
        return _fail(trace, Refusal.OTHER_USERS_KEY,
                     f"access key `{key_id}` belongs to user/{owner.name}, not to {principal.label}",
                     f"access key `{key_id}` belongs to user/{owner.name}: a request signed with it is made "
                     f"as {owner.name}, not as {principal.label}", None, {"key_id": key_id, "key_owner": owner.name})
    if key.status.strip().lower() != "active":
        return _fail(trace, Refusal.INACTIVE_KEY, f"access key `{key_id}` of user/{owner.name} is {key.status}",
                     f"access key `{key_id}` of {owner.name} is {key.status}, and AWS accepts only Active keys",
                     unknown, {"key_id": key_id, "key_owner": owner.name, "key_status": key.status})
    trace.add(Outcome.PASS, f"access key `{key_id}` exists, belongs to user/{owner.name} and is Active")
    verified = _sign_and_verify(request, credential, key, when, trace, {"key_id": key_id, "key_owner": owner.name})
    if verified is not None:
        return verified
    note = "long-term access keys carry no MFA information: aws:MultiFactorAuthPresent and " \
           "aws:MultiFactorAuthAge are absent from the request context"
    if credential.mfa:
        note += " (`mfa: true` is ignored for access keys)"
    trace.add(Outcome.INFO, note)
    return Authentication(True, f"the request is signed with {owner.name}'s Active access key `{key_id}` "
                          "and the signature matches", facts={"key_id": key_id, "key_owner": owner.name})


def _find_key(scenario: Scenario, key_id: str) -> tuple[User, AccessKey] | None:
    for user in scenario.users.values():
        for key in user.access_keys:
            if key.id == key_id:
                return user, key
    return None


def stored_secret(key: AccessKey) -> str:
    """The secret AWS holds for `key`: the scenario's, or a stand-in derived from the key id when none is given."""
    if key.secret:
        return key.secret
    return hashlib.sha256(f"iam-studio/{key.id}".encode()).hexdigest()[:40]


def _sign_and_verify(request: RequestSpec, credential: Credential, key: AccessKey, when: datetime,
                     trace: _Trace, facts: dict[str, str]) -> Authentication | None:
    """Sign as the caller, optionally tamper in transit, verify as AWS; a failed Authentication or None."""
    secret = stored_secret(key)
    caller_secret = credential.secret if credential.secret is not None else secret
    from . import sigv4  # botocore loads only when a request is really signed (start-up time)
    http = sigv4.build_request(request.action, request.resource)
    signed = sigv4.sign(http, key.id, caller_secret, when, sigv4.signing_name(request.action))
    if trace.explain:
        trace.add(Outcome.INFO, "the caller signs the request with Signature Version 4",
                  **_signing_details(signed, caller_secret == secret))
    tampered = sigv4.tamper(http) if credential.tamper else None
    if tampered is not None:
        trace.add(Outcome.INFO, f"the request is changed in transit: {tampered}", url=http.url)
    check = sigv4.verify(http, secret)
    details = {"signature_provided": check.provided_signature, "signature_expected": check.expected_signature,
               "canonical_request": check.canonical_request, "string_to_sign": check.string_to_sign,
               "credential_scope": check.credential_scope}
    if check.ok:
        trace.add(Outcome.PASS, "AWS recalculates the signature with the stored secret: it matches", **details)
        return None
    causes = []
    if caller_secret != secret:
        causes.append("the caller signed with a different secret than the one AWS stores")
    if tampered is not None:
        causes.append("the request was changed after it was signed")
    why = " and ".join(causes) or check.reason
    facts = {**facts, "wrong_secret": str(caller_secret != secret).lower(),
             "tampered": str(tampered is not None).lower()}
    return _fail(trace, Refusal.SIGNATURE,
                 f"AWS recalculates the signature with the stored secret: it differs ({why})",
                 f"the signature does not match because {why}", SIGNATURE_MISMATCH, facts, **details)


def _signing_details(signed: sigv4.Signed, stored: bool) -> dict[str, object]:
    from . import sigv4
    http = signed.request
    body = http.data.decode("utf-8", "replace") if isinstance(http.data, bytes) else str(http.data or "")
    return {
        "method": http.method, "url": http.url, "headers": dict(http.headers.items()), "body": body,
        "x_amz_date": signed.timestamp, "canonical_request": signed.canonical_request,
        "string_to_sign": signed.string_to_sign, "credential_scope": signed.credential_scope,
        "signed_headers": signed.signed_headers,
        "signing_key": sigv4.signing_key_derivation(signed.timestamp[:8], signed.region, signed.service),
        "signature": signed.signature, "authorization": signed.authorization,
        "signed_with": "the stored secret" if stored else "a secret different from the stored one",
    }


# --- console sign-in -----------------------------------------------------------------------------

def _console(principal: Principal, credential: Credential, when: datetime, trace: _Trace,
             root_mfa: bool | None = None) -> Authentication:
    """`root_mfa`: whether the root user has an MFA device (None: the scenario does not say)."""
    trace.add(Outcome.INFO, "authenticate with a console sign-in (password)", None)
    if principal.kind is PrincipalKind.ROLE_SESSION:
        return _fail(trace, Refusal.ROLE_CONSOLE, "a role has no password and cannot sign in to the console",
                     f"{principal.label} is a role: roles have no password; sign in as a user, then switch role")
    mfa = bool(credential.mfa)
    if principal.kind is PrincipalKind.USER:
        user = principal.user
        if user is None:
            return _fail(trace, Refusal.UNDECLARED_USER,
                         f"`{principal.arn}` is not declared here, so it has no console password",
                         f"`{principal.arn}` is not declared in this scenario, so it has no console password")
        if not user.console:
            return _fail(trace, Refusal.NO_PASSWORD, f"{user.name} has no console password",
                         f"{user.name} has no console password")
        if credential.mfa and not user.mfa:
            return _fail(trace, Refusal.NO_MFA_DEVICE, f"{user.name} has no MFA device",
                         f"{user.name} signs in with MFA but has no MFA device")
        if user.mfa and credential.mfa is False:
            return _fail(trace, Refusal.MFA_REQUIRED,
                         f"{user.name} has an MFA device, so the console asks for its code",
                         f"{user.name} has an MFA device, so console sign-in without MFA is not possible")
        mfa = user.mfa
        trace.add(Outcome.PASS, f"{user.name} signs in with a password" + (" and MFA" if mfa else ""))
    else:
        if root_mfa is not None:
            if credential.mfa and not root_mfa:
                return _fail(trace, Refusal.NO_MFA_DEVICE, "the root user has no MFA device",
                             "the root user signs in with MFA but has no MFA device")
            if root_mfa and credential.mfa is False:
                return _fail(trace, Refusal.MFA_REQUIRED,
                             "the root user has an MFA device, so the console asks for its code",
                             "the root user has an MFA device, so console sign-in without MFA is not possible")
            mfa = root_mfa
        trace.add(Outcome.PASS, "the root user signs in with the account's email and password"
                  + (" and MFA" if mfa else ""))
    return _temporary(mfa, when, trace, f"{principal.label} signed in to the console"
                      + (" with MFA" if mfa else " without MFA"))


def _temporary(mfa: bool, when: datetime, trace: _Trace, reason: str) -> Authentication:
    context = _temporary_context(mfa, when)
    trace.add(Outcome.INFO, "temporary credentials: aws:MultiFactorAuthPresent is "
              f"\"{context[MFA_PRESENT]}\"" + (", aws:MultiFactorAuthAge is \"0\" (MFA just now)" if mfa
                                               else ", aws:MultiFactorAuthAge is absent (no MFA)"),
              context=dict(context))
    return Authentication(True, reason, context=context)


# --- temporary session credentials ---------------------------------------------------------------

def _session(principal: Principal, credential: Credential, when: datetime, trace: _Trace) -> Authentication:
    origin = "AssumeRole" if principal.kind is PrincipalKind.ROLE_SESSION else "GetSessionToken"
    trace.add(Outcome.INFO, f"authenticate with temporary session credentials (from {origin})", None)
    valid_until = None
    if credential.expires is not None:
        expires = parse_time(credential.expires)
        if expires is None:
            return _fail(trace, Refusal.BAD_EXPIRY,
                         f"`expires` value `{credential.expires}` is not an ISO 8601 time",
                         f"the session's `expires` value `{credential.expires}` is not an ISO 8601 time")
        if expires <= when:
            return _fail(trace, Refusal.EXPIRED,
                         f"the session expired at {iso_utc(expires)}, before the request at {iso_utc(when)}",
                         f"the session credentials expired at {iso_utc(expires)}", EXPIRED_TOKEN,
                         {"expires": iso_utc(expires), "request_time": iso_utc(when)})
        valid_until = iso_utc(expires)
        trace.add(Outcome.PASS, f"the session is valid until {valid_until}")
    mfa = bool(credential.mfa)
    user = principal.user
    if mfa and principal.kind is PrincipalKind.USER and user is not None and not user.mfa:
        return _fail(trace, Refusal.NO_MFA_DEVICE, f"{user.name} has no MFA device",
                     f"{user.name}'s session claims MFA but {user.name} has no MFA device")
    found = _temporary(mfa, when, trace, f"{principal.label} uses valid temporary credentials"
                       + (" obtained with MFA" if mfa else " obtained without MFA"))
    if valid_until is not None:
        found.facts["expires"] = valid_until
    return found
