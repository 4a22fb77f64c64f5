"""Every kind of error the scenario loader reports, with its position and message.

Rules about names, ids and quotas follow the IAM User Guide:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
"""
from __future__ import annotations

import textwrap

from iam_studio.core.scenario.load import load_scenario, load_scenario_text

HEADER = 'iam_studio: 1\naccount: "123456789012"\n'          # body lines start at line 3


def load(body: str, header: str = HEADER):
    return load_scenario_text(header + textwrap.dedent(body), "s.yaml")


def only_error(body: str, header: str = HEADER):
    """The one error the text produces (the test fails when there is not exactly one)."""
    scenario, diagnostics = load(body, header)
    errors = [d for d in diagnostics if d.is_error]
    assert scenario is None
    assert len(errors) == 1, [d.format() for d in diagnostics]
    return errors[0]


def at(d):
    return d.span.line, d.span.column


DOC = '{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}'


def test_yaml_syntax_error_has_position_and_hint():
    d = only_error("users:\n  alice: {groups: [a}\n")
    assert d.code == "yaml.syntax" and d.message.startswith("invalid YAML")
    assert d.span.line == 4 and d.help
    assert d.format().startswith("s.yaml:4:")


def test_tab_indentation():
    d = only_error("users:\n\talice: {}\n")
    assert at(d) == (4, 1) and "tab" in d.help


def test_missing_version():
    d = only_error("title: x\n", header="")
    assert d.code == "scenario.missing-version" and d.message == "missing `iam_studio: 1`"
    assert at(d) == (1, 1)


def test_wrong_version():
    d = only_error("title: x\n", header="iam_studio: 2\n")
    assert d.code == "scenario.bad-version" and at(d) == (1, 13) and "`2`" in d.message


def test_empty_file():
    d = only_error("", header="")
    assert d.code == "scenario.empty"


def test_top_level_must_be_a_mapping():
    d = only_error("- a\n", header="")
    assert d.code == "scenario.type" and "must be an object" in d.message


def test_unknown_top_level_key_with_did_you_mean():
    d = only_error("userz: {}\n")
    assert at(d) == (3, 1) and d.message == "unknown key `userz` at the top level"
    assert d.help == "did you mean `users`?"


def test_unknown_nested_key_with_did_you_mean():
    d = only_error("users:\n  alice:\n    group: []\n")
    assert at(d) == (5, 5) and d.message == "unknown key `group` in user `alice`"
    assert d.help == "did you mean `groups`?"


def test_x_keys_and_layout_are_kept():
    scenario, diagnostics = load("x-course: {week: 3}\nlayout: {user/alice: [10, 20]}\nusers: {alice: {}}\n")
    assert diagnostics == []
    assert scenario.extra == {"x-course": {"week": 3}, "layout": {"user/alice": [10, 20]}}


def test_duplicate_key():
    d = only_error("users:\n  alice: {}\n  alice: {}\n")
    assert d.code == "scenario.duplicate-key" and at(d) == (5, 3) and "`alice`" in d.message


def test_names_differing_only_in_case():
    d = only_error("users:\n  Alice: {}\n  alice: {}\n")
    assert d.code == "scenario.duplicate-name" and at(d) == (5, 3)


def test_groups_must_be_a_list():
    d = only_error("groups: {Dev: {}}\nusers:\n  alice:\n    groups: 7\n")
    assert d.message == "`groups` must be a list, not a number" and at(d) == (6, 13)


def test_groups_given_as_one_string_hints_the_list():
    d = only_error("groups: {Dev: {}}\nusers:\n  alice:\n    groups: Dev\n")
    assert d.message == "`groups` must be a list of group names" and d.help == "write `groups: [Dev]`"


def test_group_inside_a_group():
    d = only_error("groups:\n  Dev: {}\n  All:\n    groups: [Dev]\n")
    assert d.message == "a group cannot contain another group" and at(d) == (6, 5)
    assert "groups hold users only" in d.help


def test_user_group_naming_a_user():
    d = only_error("groups: {Dev: {}}\nusers:\n  bob: {}\n  alice:\n    groups: [bob]\n")
    assert d.code == "scenario.not-a-group" and d.message == "`bob` is a user, not a group"
    assert at(d) == (7, 14)


def test_unknown_group_with_did_you_mean():
    d = only_error("groups: {Developers: {}}\nusers:\n  alice:\n    groups: [Developer]\n")
    assert d.message == "no group `Developer` in `groups:`" and d.help == "did you mean `Developers`?"
    assert at(d) == (6, 14)


def test_unknown_policy_reference():
    d = only_error(f"policies:\n  S3Read: {{document: {DOC}}}\nusers:\n  alice:\n    policies: [S3Raed]\n")
    assert d.code == "scenario.unknown-policy" and at(d) == (7, 16) and d.help == "did you mean `S3Read`?"


def test_aws_managed_name_without_arn_hints_the_arn():
    d = only_error("users:\n  alice:\n    policies: [ReadOnlyAccess]\n")
    assert d.help == "to use the AWS managed policy, write its ARN `arn:aws:iam::aws:policy/ReadOnlyAccess`"


def test_unknown_aws_managed_arn():
    d = only_error("users:\n  alice:\n    policies: [arn:aws:iam::aws:policy/ReadOnlyAcess]\n")
    assert "is not an AWS managed policy this tool ships" in d.message
    assert d.help == "did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?"


def test_unknown_role_of_a_resource():
    d = only_error("roles: {App: {}}\nresources:\n  web:\n    arn: arn:aws:ec2:us-east-1:123456789012:instance/i-1\n"
                   "    role: Ap\n")
    assert d.code == "scenario.unknown-role" and at(d) == (7, 11) and d.help == "did you mean `App`?"


def test_account_read_as_a_number_hints_quotes():
    d = only_error("users: {}\n", header="iam_studio: 1\naccount: 012345678901\n")
    assert d.code == "scenario.account-not-string" and at(d) == (2, 10)
    assert d.help == 'write it in quotes: "012345678901"'


def test_malformed_account_id():
    d = only_error("users: {}\n", header='iam_studio: 1\naccount: "12345"\n')
    assert d.message == "`12345` is not an account id" and "12 digits" in d.help


def test_malformed_resource_arn():
    d = only_error("resources:\n  b:\n    arn: arn:aws:s3\n")
    assert d.code == "scenario.bad-arn" and at(d) == (5, 10)


def test_invalid_identity_policy_is_reported_where_it_is():
    """A Principal in an identity-based policy is refused by AWS:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"""
    d = only_error("users:\n  alice:\n    inline:\n      P:\n        Version: '2012-10-17'\n        Statement:\n"
                   "          - {Effect: Allow, Principal: '*', Action: 's3:*', Resource: '*'}\n")
    assert d.span.line == 9 and d.file == "s.yaml"


def test_resource_policy_needs_a_principal():
    """Resource-based policies must name a Principal:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"""
    d = only_error(f"resources:\n  b:\n    arn: arn:aws:s3:::b\n    policy: {DOC}\n")
    assert d.span.line == 6 and "principal" in d.message.lower()


def test_customer_managed_policy_over_the_size_limit():
    """Managed policies hold at most 6,144 characters without white space:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"""
    actions = ", ".join(f'"s3:GetObject{i:04d}"' for i in range(400))
    doc = f'{{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: [{actions}], Resource: "*"}}]}}'
    d = only_error(f"policies:\n  Big: {{document: {doc}}}\n")
    assert "6144" in d.message and d.span.line == 4


def test_users_inline_policies_count_together():
    """A user's inline policies together hold at most 2,048 characters:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"""
    actions = ", ".join(f'"s3:GetObject{i:03d}"' for i in range(70))
    doc = f'{{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: [{actions}], Resource: "*"}}]}}'
    d = only_error(f"users:\n  alice:\n    inline:\n      A: {doc}\n      B: {doc}\n")
    assert d.code == "policy.size" and "2048" in d.message and at(d) == (6, 7)


def test_unknown_principal_in_a_request():
    d = only_error("users: {alice: {}}\nrequests:\n  - {principal: user/alise, action: s3:GetObject, resource: '*'}\n")
    assert d.code == "scenario.unknown-principal" and at(d) == (5, 17) and d.help == "did you mean `alice`?"


def test_unparseable_principal_in_a_request():
    d = only_error("requests:\n  - {principal: 'arn:aws:sts::123456789012:assumed-role/x', action: s3:GetObject, "
                   "resource: '*'}\n")
    assert d.code == "scenario.bad-principal" and at(d) == (4, 17)


def test_request_missing_action():
    d = only_error("requests:\n  - name: r\n    principal: root\n    resource: '*'\n")
    assert d.message == "request has no `action`" and at(d) == (4, 5)


def test_request_action_with_wildcard():
    d = only_error("requests:\n  - {principal: root, action: 's3:*', resource: '*'}\n")
    assert d.code == "scenario.bad-action" and "wildcards" in d.help


def test_duplicate_request_names():
    d = only_error("requests:\n  - {name: r, principal: root, action: s3:GetObject, resource: '*'}\n"
                   "  - {name: r, principal: root, action: s3:PutObject, resource: '*'}\n")
    assert d.code == "scenario.duplicate-request" and at(d) == (5, 12)


def test_bad_expect_with_did_you_mean():
    d = only_error("requests:\n  - {principal: root, action: s3:GetObject, resource: '*', expect: allow}\n")
    assert d.code == "scenario.bad-expect" and d.help == "did you mean `allowed`?"


def test_bad_credential_type():
    d = only_error("requests:\n  - principal: root\n    action: s3:GetObject\n    resource: '*'\n"
                   "    credential: {type: accesskey}\n")
    assert d.code == "scenario.bad-credential" and at(d) == (7, 24) and d.help == "did you mean `access_key`?"


def test_bad_credential_key_id():
    d = only_error("requests:\n  - principal: root\n    action: s3:GetObject\n    resource: '*'\n"
                   "    credential: {type: access_key, key_id: AKIA123}\n")
    assert d.code == "scenario.bad-key-id" and at(d) == (7, 44)


def test_access_key_credential_needs_key_id():
    d = only_error("requests:\n  - principal: root\n    action: s3:GetObject\n    resource: '*'\n"
                   "    credential: {type: access_key}\n")
    assert d.message == "an `access_key` credential needs `key_id`"


def test_yes_is_not_a_boolean():
    d = only_error("users:\n  alice: {console: yes}\n")
    assert at(d) == (4, 20) and "YAML 1.2" in d.help


def test_more_than_two_access_keys():
    """AWS allows two access keys per user:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"""
    d = only_error("users:\n  alice:\n    access_keys:\n      - {id: AKIAAAAAAAAAAAAAAAA1}\n"
                   "      - {id: AKIAAAAAAAAAAAAAAAA2}\n      - {id: AKIAAAAAAAAAAAAAAAA3}\n")
    assert d.code == "scenario.too-many-keys"


def test_all_errors_are_reported_at_once():
    scenario, diagnostics = load("userz: {}\nusers:\n  alice: {groups: [Nope], mfa: 1}\n"
                                 "requests:\n  - {principal: user/bob, action: s3:GetObject, resource: x}\n")
    assert scenario is None
    codes = sorted(d.code for d in diagnostics)
    assert codes == ["scenario.bad-arn", "scenario.type", "scenario.unknown-group", "scenario.unknown-key",
                     "scenario.unknown-principal"]


def test_missing_file_is_a_diagnostic(tmp_path):
    scenario, diagnostics = load_scenario(tmp_path / "nope.yaml")
    assert scenario is None and diagnostics[0].code == "file.unreadable"


def test_non_utf8_file_is_a_diagnostic(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"iam_studio: 1\ntitle: caf\xe9\n")
    scenario, diagnostics = load_scenario(path)
    assert scenario is None and diagnostics[0].code == "file.encoding"


def test_service_linked_role_cannot_have_a_boundary():
    # "You cannot set the boundary for a service-linked role."
    # https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
    body = f"""\
    policies:
      Cap: {{document: {DOC}}}
    roles:
      AWSServiceRoleForElasticLoadBalancing:
        path: /aws-service-role/elasticloadbalancing.amazonaws.com/
        boundary: Cap
      Plain:
        path: /app/
        boundary: Cap
    """
    d = only_error(body)
    assert d.code == "scenario.service-linked-boundary" and at(d) == (8, 5)
    assert "AWSServiceRoleForElasticLoadBalancing" in d.message and "/aws-service-role/" in d.help


def test_every_request_repeating_a_bad_value_is_reported_at_its_own_place():
    """The loader checks each distinct action, resource and principal once: a repeat of a bad one is still
    an error at the repeat, in YAML and in JSON alike."""
    body = ("users: {alice: {}}\nrequests:\n"
            + "".join(f"  - {{principal: {p}, action: '{a}', resource: '{r}'}}\n" for p, a, r in (
                ("user/alice", "s3:GetObject", "arn:aws:s3:::b/k"), ("user/alice", "s3:Get*", "arn:aws:s3:::b/k"),
                ("user/bob", "s3:GetObject", "nope"), ("user/alice", "s3:Get*", "nope"),
                ("user/bob", "s3:GetObject", "arn:aws:s3:::b/k"))))
    _, diagnostics = load(body)
    found = sorted((d.code, d.span.line) for d in diagnostics if d.is_error)
    assert found == [("scenario.bad-action", 6), ("scenario.bad-action", 8), ("scenario.bad-arn", 7),
                     ("scenario.bad-arn", 8), ("scenario.unknown-principal", 7), ("scenario.unknown-principal", 9)]
    import json

    from iam_studio.core.yamlsource import parse_yaml
    root, _, _ = parse_yaml(HEADER + textwrap.dedent(body))
    _, in_json = load_scenario_text(json.dumps(root.to_plain(), indent=1), "s.json")
    assert len([d for d in in_json if d.is_error]) == 6
    assert len({(d.code, d.span.line) for d in in_json if d.is_error}) == 6
