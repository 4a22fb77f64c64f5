"""One request checked field by field (the request builder's checks), and the credentials AWS gives
each kind of caller (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html)."""
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.scenario.load import load_scenario, load_scenario_text
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


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(alphabet="s3:GetObject*?-_.é/", min_size=1, max_size=16),
                 st.sampled_from(["s3:GetObject", "s3:Get*", "s3:", ":GetObject", "ec2:Describe-Instances",
                                  "s3:Get_Object", "s3.GetObject", "a:b:c", "s3:GetObjects"])))
def test_the_loader_and_the_request_builder_apply_one_action_rule(action):
    text = ('iam_studio: 1\ntitle: t\naccount: "123456789012"\nusers: {alice: {}}\nrequests:\n'
            f'  - {{principal: user/alice, action: {json.dumps(action)}, resource: "*"}}\n')
    scenario, diagnostics = load_scenario_text(text)
    loader = [(d.code, d.message, d.help) for d in diagnostics if d.is_error]
    builder = [(p.diagnostic.code, p.diagnostic.message, p.diagnostic.help)
               for p in check_request(_scenario(), RequestSpec("r", "user/alice", action, "*"))
               if p.field == "action" and p.diagnostic.is_error]
    assert loader == builder
    assert (scenario is None) == bool(loader)
