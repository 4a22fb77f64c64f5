"""Facts the explanation needs come from the engine's trace: the allows an explicit deny overrides, and how a
compute resource's role session gets its credentials.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html ("an explicit deny
in any of these policies overrides the allow");
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html (an instance profile passes
the role's temporary credentials to the instance)."""
from pathlib import Path

from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.result import Decision, Outcome, Stage
from iam_studio.core.scenario.load import load_scenario

LESSON = Path(__file__).parents[3] / "scenarios" / "employee-directory.yaml"


def _engine():
    scenario, diags = load_scenario(str(LESSON))
    assert scenario is not None, diags
    return scenario, Engine(scenario)


def test_an_explicit_deny_lists_the_allows_it_overrides():
    scenario, engine = _engine()
    spec = next(r for r in scenario.requests if r.expect == "explicit_deny")
    result = engine.evaluate(spec, explain=True)
    assert result.decision is Decision.EXPLICIT_DENY
    step = next(s for s in result.trace if "overridden_allows" in s.details)
    assert step.stage is Stage.EXPLICIT_DENY and step.outcome is Outcome.INFO
    assert step.details["overridden_allows"] and "S3PhotosReadWrite" in step.message
    assert engine.evaluate(spec).decision is Decision.EXPLICIT_DENY       # the fast path agrees


def test_a_compute_resource_session_names_its_instance_profile():
    scenario, engine = _engine()
    spec = next(r for r in scenario.requests if r.principal in scenario.resources)
    first = engine.evaluate(spec, explain=True).trace[0]
    assert first.stage is Stage.AUTHENTICATION
    assert "instance profile" in first.message and "temporary credentials" in first.message
    assert "taken as already authenticated" not in first.message


def test_the_root_users_identity_gate_is_not_a_gate_it_fails():
    """The root user has no identity-based policy and needs none in its own account (id_root-user.html): its
    identity gate showed a red ✗ right above the green ALLOWED."""
    scenario, engine = _engine()
    spec = next(r for r in scenario.requests if r.principal == "root")
    result = engine.evaluate(spec, explain=True)
    assert result.decision is Decision.ALLOWED
    gate = next(s for s in result.trace if s.stage is Stage.IDENTITY and s.parent is None)
    assert gate.outcome is Outcome.SKIP and "no policy can be attached to it" in gate.message
