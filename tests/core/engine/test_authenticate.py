"""The authentication stage.

AWS pages behind the rules:
- SigV4 and its verification: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
- error codes (InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken):
  https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
- MFA keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
  and https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
  (present for temporary credentials, absent for long-term access keys; MultiFactorAuthAge only with MFA)
- aws:TokenIssueTime: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
"""
from datetime import datetime, timezone

import pytest

from iam_studio.core.engine.authenticate import MFA_AGE, MFA_PRESENT, TOKEN_ISSUE_TIME, authenticate
from iam_studio.core.engine.result import Outcome, Stage
from iam_studio.core.scenario.model import AccessKey, Credential, RequestSpec, Role, Scenario, User
from iam_studio.core.scenario.principal import resolve_principal

ACCOUNT = "123456789012"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)


def _scenario() -> Scenario:
    alice = User("alice", ACCOUNT, console=True, mfa=True,
                 access_keys=[AccessKey("AKIAALICE0000EXAMPLE", SECRET)])
    bob = User("bob", ACCOUNT, access_keys=[AccessKey("AKIABOB00000EXAMPLE", "bob-secret", "Inactive"),
                                            AccessKey("AKIABOB11111EXAMPLE", None)])
    carol = User("carol", ACCOUNT, console=True)
    return Scenario(account=ACCOUNT, time="2026-11-28T09:00:00Z",
                    users={u.name: u for u in (alice, bob, carol)}, roles={"App": Role("App", ACCOUNT)})


def _auth(principal: str, credential: Credential | None, action="s3:GetObject",
          resource="arn:aws:s3:::employee-photos/alice.jpg", explain=True, scenario=None):
    scenario = scenario or _scenario()
    request = RequestSpec("r", principal, action, resource, credential=credential)
    return authenticate(scenario, resolve_principal(scenario, principal), request, NOW, explain=explain)


def _key(key_id="AKIAALICE0000EXAMPLE", **kw) -> Credential:
    return Credential("access_key", key_id=key_id, **kw)


def test_no_credential_is_already_authenticated_with_one_step():
    result = _auth("user/alice", None)
    assert result.ok and result.credential_kind is None and result.context == {}
    assert len(result.steps) == 1 and result.steps[0].outcome is Outcome.PASS
    assert result.steps[0].stage is Stage.AUTHENTICATION and result.steps[0].parent is None


def test_role_session_without_credential_has_temporary_credential_keys():
    result = _auth("role/App", None)
    assert result.ok
    assert result.context == {MFA_PRESENT: "false", TOKEN_ISSUE_TIME: "2026-11-28T09:00:00Z"}


def test_active_key_with_stored_secret_authenticates_and_sets_no_mfa_keys():
    result = _auth("user/alice", _key(mfa=True))
    assert result.ok, result.reason
    assert result.credential_kind == "access_key" and result.context == {}
    assert MFA_PRESENT not in result.context and MFA_AGE not in result.context
    assert result.steps[0].outcome is Outcome.PASS
    assert all(s.parent == 0 for s in result.steps[1:]) and [s.id for s in result.steps] == list(
        range(len(result.steps)))
    assert "ignored" in result.steps[-1].message


def test_signing_step_carries_what_the_gui_shows_but_not_the_secret():
    result = _auth("user/alice", _key())
    signing = next(s for s in result.steps if "signs the request" in s.message)
    details = signing.details
    for name in ("canonical_request", "string_to_sign", "credential_scope", "signing_key", "signature",
                 "authorization"):
        assert details[name]
    assert details["x_amz_date"] == "20261128T090000Z"      # the scenario's time, not the wall clock
    assert details["credential_scope"] == "20261128/us-east-1/s3/aws4_request"
    assert details["url"] == "https://employee-photos.s3.amazonaws.com/alice.jpg"
    verify = next(s for s in result.steps if "recalculates" in s.message)
    assert verify.details["signature_expected"] == verify.details["signature_provided"] == details["signature"]
    assert SECRET not in repr([s.details for s in result.steps])


def test_signing_is_deterministic():
    first = _auth("user/alice", _key()).steps
    second = _auth("user/alice", _key()).steps
    assert first[2].details["signature"] == second[2].details["signature"]


def test_wrong_secret_is_signature_does_not_match():
    result = _auth("user/alice", _key(secret="not-the-secret"), action="iam:ListUsers", resource="*")
    assert not result.ok and result.error_code == "SignatureDoesNotMatch"
    assert "The request signature we calculated does not match the signature you provided" in result.reason
    assert "different secret" in result.reason
    failed = result.steps[-1]
    assert failed.outcome is Outcome.FAIL
    assert failed.details["signature_provided"] != failed.details["signature_expected"]
    assert result.steps[0].outcome is Outcome.FAIL


def test_tampered_request_fails_verification():
    result = _auth("user/alice", _key(tamper=True))
    assert not result.ok and result.error_code == "SignatureDoesNotMatch"
    assert "changed after it was signed" in result.reason
    assert any("changed in transit" in s.message for s in result.steps)


def test_inactive_key_is_rejected():
    result = _auth("user/bob", _key("AKIABOB00000EXAMPLE"), action="sts:GetCallerIdentity", resource="*")
    assert not result.ok and "Inactive" in result.reason
    assert result.error_code == "InvalidClientTokenId"
    assert "The security token included in the request is invalid" in result.reason


def test_foreign_key_is_rejected():
    result = _auth("user/alice", _key("AKIABOB11111EXAMPLE"))
    assert not result.ok and "belongs to user/bob" in result.reason


def test_unknown_key_uses_aws_wording_per_service():
    s3 = _auth("user/alice", _key("AKIANOSUCHKEYEXAMPLE"))
    assert not s3.ok and s3.error_code == "InvalidAccessKeyId"
    assert "does not exist in our records" in s3.reason
    iam = _auth("user/alice", _key("AKIANOSUCHKEYEXAMPLE"), action="iam:ListUsers", resource="*")
    assert iam.error_code == "InvalidClientTokenId"


def test_key_without_stored_secret_signs_with_a_stand_in():
    assert _auth("user/bob", _key("AKIABOB11111EXAMPLE")).ok
    assert not _auth("user/bob", _key("AKIABOB11111EXAMPLE", secret="guess")).ok


def test_role_session_cannot_use_an_access_key():
    result = _auth("role/App", _key())
    assert not result.ok and "temporary credentials" in result.reason


def test_root_access_keys_are_not_declared():
    result = _auth("root", _key("AKIAROOTKEYEXAMPLE00"))
    assert not result.ok and "root" in result.reason and result.error_code == "InvalidAccessKeyId"


def test_access_key_without_key_id():
    result = _auth("user/alice", Credential("access_key"))
    assert not result.ok and "key_id" in result.reason


def test_explain_false_gives_no_steps_but_same_verdict():
    result = _auth("user/alice", _key(secret="x"), explain=False)
    assert not result.ok and result.steps == [] and result.error_code == "SignatureDoesNotMatch"
    assert _auth("user/alice", None, explain=False).steps == []


def test_console_without_password():
    result = _auth("user/bob", Credential("console"))
    assert not result.ok and result.reason == "bob has no console password"


def test_console_with_mfa_but_no_device():
    result = _auth("user/carol", Credential("console", mfa=True))
    assert not result.ok and "no MFA device" in result.reason


def test_console_sign_in_sets_mfa_keys():
    with_mfa = _auth("user/alice", Credential("console", mfa=True))
    assert with_mfa.ok and with_mfa.credential_kind == "console"
    assert with_mfa.context == {MFA_PRESENT: "true", MFA_AGE: "0", TOKEN_ISSUE_TIME: "2026-11-28T09:00:00Z"}
    without = _auth("user/carol", Credential("console"))
    assert without.ok and without.context[MFA_PRESENT] == "false" and MFA_AGE not in without.context


def test_console_user_with_mfa_device_always_uses_mfa():
    # a user with an MFA device is asked for its code at sign-in
    assert _auth("user/alice", Credential("console")).context[MFA_PRESENT] == "true"
    refused = _auth("user/alice", Credential("console", mfa=False))
    assert not refused.ok and "MFA device" in refused.reason


def test_role_cannot_sign_in_to_console_but_root_can():
    assert not _auth("role/App", Credential("console")).ok
    root = _auth("root", Credential("console", mfa=True))
    assert root.ok and root.context[MFA_PRESENT] == "true"


def test_expired_session():
    result = _auth("role/App", Credential("session", expires="2026-11-28T08:00:00Z"))
    assert not result.ok and result.error_code == "ExpiredToken"
    assert "The security token included in the request is expired" in result.reason


def test_valid_session_sets_mfa_keys_per_flag():
    with_mfa = _auth("role/App", Credential("session", mfa=True, expires="2026-11-28T10:00:00Z"))
    assert with_mfa.ok and with_mfa.credential_kind == "session"
    assert with_mfa.context[MFA_PRESENT] == "true" and with_mfa.context[MFA_AGE] == "0"
    without = _auth("user/carol", Credential("session"))
    assert without.ok and without.context[MFA_PRESENT] == "false" and MFA_AGE not in without.context
    assert without.context[TOKEN_ISSUE_TIME] == "2026-11-28T09:00:00Z"


def test_user_session_with_mfa_needs_a_device():
    assert not _auth("user/carol", Credential("session", mfa=True)).ok
    assert _auth("user/alice", Credential("session", mfa=True)).ok


def test_session_with_bad_expiry_is_a_clear_failure():
    result = _auth("role/App", Credential("session", expires="tomorrow"))
    assert not result.ok and "`tomorrow`" in result.reason


def test_scenario_without_time_uses_now():
    scenario = _scenario()
    scenario.time = None
    result = _auth("role/App", Credential("session", expires="2029-12-31T23:59:59Z"), scenario=scenario)
    assert not result.ok and result.error_code == "ExpiredToken"


def test_anonymous():
    assert _auth("anonymous", None).ok
    result = _auth("anonymous", Credential("console"))
    assert not result.ok and "anonymous" in result.reason


def test_service_principal_is_authenticated_by_aws():
    result = _auth("ec2.amazonaws.com", _key("whatever"))
    assert result.ok and result.context == {}


@pytest.mark.parametrize("kind", ["password", ""])
def test_unknown_credential_type(kind):
    result = _auth("user/alice", Credential(kind))
    assert not result.ok and f"`{kind}`" in result.reason
