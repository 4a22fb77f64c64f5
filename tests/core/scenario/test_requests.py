"""One request checked field by field (the request builder's checks), and the credentials AWS gives
each kind of caller (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html)."""
from pathlib import Path

from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.model import Credential, RequestSpec
from iam_studio.core.scenario.requests import check_request, credential_types

LESSON = Path(__file__).resolve().parents[3] / "scenarios" / "employee-directory.yaml"


def _scenario():
    scenario, diagnostics = load_scenario(LESSON)
    assert scenario is not None, diagnostics
    return scenario


def _problems(spec):
    return {(p.field, p.diagnostic.code, p.diagnostic.severity.value): p.diagnostic for p in
            check_request(_scenario(), spec)}


def test_a_complete_request_has_no_problem():
    assert _problems(RequestSpec("r", "user/alice", "s3:GetObject", "arn:aws:s3:::employee-photos/a.jpg")) == {}


def test_a_misspelt_action_is_a_warning_with_did_you_mean():
    found = _problems(RequestSpec("r", "user/alice", "s3:GetObjects", "*"))
    assert found[("action", "scenario.unknown-action", "warning")].help == "did you mean `s3:GetObject`?"
    found = _problems(RequestSpec("r", "user/alice", "dynamodbb:GetItem", "*"))
    assert "did you mean `dynamodb:GetItem`?" == found[("action", "scenario.unknown-action", "warning")].help


def test_loader_errors_are_field_errors():
    spec = RequestSpec("r", "user/alise", "s3:Get*", "employee-photos",
                       credential=Credential("session", expires="tomorrow"))
    found = _problems(spec)
    assert ("action", "scenario.bad-action", "error") in found
    assert ("resource", "scenario.bad-arn", "error") in found
    assert found[("principal", "scenario.unknown-principal", "error")].help == "did you mean `alice`?"
    assert ("expires", "scenario.bad-time", "error") in found


def test_credentials_per_kind_of_caller():
    sc = _scenario()
    assert credential_types(sc, "role/EmployeeDirectoryApp") == ("session",)
    assert credential_types(sc, "web-1") == ("session",)                 # runs as the role
    assert credential_types(sc, "user/alice") == ("console", "access_key", "session")
    assert credential_types(sc, "root") == ("console",)
    assert credential_types(sc, "anonymous") == ()
    assert credential_types(sc, "user/nobody") == ()
