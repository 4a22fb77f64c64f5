"""The policy editor's header says what a selected policy is and where it lives, for every kind of address."""
from __future__ import annotations

from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.gui.editor.node_details import describe_node

DOC = '{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}'
TEXT = f"""
iam_studio: 1
policies:
  ReadAll:
    document: {DOC}
users:
  alice:
    policies: [ReadAll]
    inline:
      OwnReads: {DOC}
groups:
  Readers:
    policies: [ReadAll]
roles:
  Deployer:
    trust: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Principal: {{AWS: "arn:aws:iam::123456789012:root"}},
             Action: "sts:AssumeRole"}}]}}
resources:
  photos:
    arn: arn:aws:s3:::photos
    policy: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Principal: "*", Action: "s3:GetObject",
              Resource: "arn:aws:s3:::photos/*"}}]}}
requests:
  - name: the deployer reads
    principal: role/Deployer
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.txt
    session_policy: {DOC}
"""


def test_each_policy_says_what_it_is_and_where_it_lives():
    scenario, diagnostics = load_scenario_text(TEXT)
    assert scenario is not None, [d.format() for d in diagnostics]
    assert describe_node(scenario, "policy/role/Deployer#trust") == (
        "Trust policy of role/Deployer: who may assume the role\nPart of: role/Deployer")     # not "nothing yet"
    assert describe_node(scenario, "policy/user/alice#inline/OwnReads") == (
        "Inline policy OwnReads of user/alice: it lives and is deleted with it\nPart of: user/alice")
    assert describe_node(scenario, "policy/resource/photos#policy").startswith(
        "Resource-based policy of resource/photos")
    assert describe_node(scenario, "policy/request/0#session_policy/0") == (
        "Session policy of the request “the deployer reads”: caps that role session\n"
        "Used by: the request “the deployer reads”")
    assert describe_node(scenario, "policy/ReadAll").endswith("Attached to: user/alice, group/Readers")


def test_an_organization_policy_names_the_levels_it_is_attached_to():
    """SCPs attach to the organization's root, OUs and accounts (orgs_manage_policies_scps.html): the header says
    where, as the lesson's hint asks the learner to look."""
    from pathlib import Path

    from iam_studio.core.scenario.load import load_scenario
    scenario, _ = load_scenario(Path(__file__).parents[2] / "scenarios" / "boundaries-and-scps.yaml")
    deny = describe_node(scenario, "policy/DenyOtherRegions").splitlines()
    assert deny == ["SCP DenyOtherRegions  ·  attached at ou-workloads (an OU)",
                    "A service control policy: it caps what the member accounts' users, roles and root users may do, "
                    "and grants nothing"]
    full = describe_node(scenario, "policy/FullAWSAccess").splitlines()
    assert full[0] == "SCP FullAWSAccess  ·  attached at r-root (the organization's root), ou-workloads (an OU)"
    assert "AWS managed: arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" in full[1]
