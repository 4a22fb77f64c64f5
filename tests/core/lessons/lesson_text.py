"""A small lesson used by the lesson tests: a reading step, then two change steps that build on each other."""

LESSON = """\
iam_studio: 1
title: Groups, not users
account: "123456789012"
policies:
  Admin:
    document:
      Version: "2012-10-17"
      Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
groups:
  Admins: {}
users:
  alice:
    policies: [Admin]      # attached directly: the lesson moves it to a group
    access_keys: [{id: AKIAIOSFODNN7EXAMPLE, status: Active}]
requests:
  - name: alice lists users
    principal: user/alice
    action: iam:ListUsers
    resource: "*"
    expect: allowed
lesson:
  id: groups-not-users
  level: 4
  steps:
    - title: Look around
      text: Alice has the administrator policy **attached to her** user.
      hints: [Select alice on the canvas]
      goals: [{request: alice lists users, outcome: allowed}]
    - title: Put the policy on a group
      text: Move the permission to the Admins group.
      hints: ["Attach Admin to Admins, then put alice in Admins", "Detach Admin from alice"]
      note: Ask the class why this scales.
      locks: [policy/Admin]
      predict: [alice lists users]
      goals:
        - {check: no-user-policies}
        - {check: user-in-group, user: alice, group: Admins}
        - {request: alice lists users, outcome: allowed}
      solution:
        groups:
          Admins: {policies: [Admin]}
        users:
          alice: {groups: [Admins], access_keys: [{id: AKIAIOSFODNN7EXAMPLE, status: Active}]}
    - title: No long-lived keys
      hints: [Delete alice's access key]
      goals: [{check: user-has-no-access-keys, user: alice}]
      solution:
        users:
          alice: {groups: [Admins]}
"""
