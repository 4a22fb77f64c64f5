"""Every diagnostic code the tool reports, with what it means: the one catalogue.

`docs/diagnostics.md` lists the same codes (with the page that explains each family), and
`tests/test_diagnostic_codes.py` keeps the code, this catalogue and the documentation in sync: a new
code is added here and to docs/diagnostics.md (see CONTRIBUTING.md).
"""
from __future__ import annotations

CODES: dict[str, str] = {
    "cli.context": "a `--context` argument is not `KEY=VALUE`",
    "cli.no-scenario": "a folder given to the CLI holds no scenario file",
    "cli.no-such-file": "a path given to the CLI names no file",
    "cli.request": "`--request` names no saved request, or is combined with request fields",
    "cli.write-flip": "`--write-flip` names no flip `--flip` lists",
    "edit.refused": "the core refused an edit made in the window (the reason is the message)",
    "engine.internal": "the engine failed on a request (a bug: please report it)",
    "file.cannot-save": "the scenario cannot be written as YAML",
    "file.encoding": (
        "the file cannot be read (with why: permission denied, no such file), or is not UTF-8 (at the first byte "
        "that is not)"),
    "file.not-a-file": (
        "a folder, named pipe (FIFO), device or socket given or found where a file was expected: refused by what it "
        "is, never read; a file over 64 MB: refused before it is read"),
    "file.read-only": "the file is read-only",
    "file.too-large": (
        "a folder, named pipe (FIFO), device or socket given or found where a file was expected: refused by what it "
        "is, never read; a file over 64 MB: refused before it is read"),
    "file.unreadable": (
        "the file cannot be read (with why: permission denied, no such file), or is not UTF-8 (at the first byte "
        "that is not)"),
    "file.unwritable": "the file cannot be written",
    "file.would-not-open": "saving would write a file the loader rejects, so nothing is written",
    "gui.edit-failed": "an edit could not be applied",
    "gui.format-invalid": "Format needs text that is valid JSON",
    "gui.parse-failed": "the policy text could not be read",
    "json.bad-escape": "invalid string content",
    "json.bad-number": "a number outside JSON's grammar (`0.`, `01`)",
    "json.comment": "JSON has no comments",
    "json.control-character": "invalid string content",
    "json.empty": "the text holds no value",
    "json.internal": "the JSON reader failed (a bug: please report it)",
    "json.key-not-string": "a member name is not a string",
    "json.missing-colon": "a member or item is incomplete",
    "json.missing-comma": "a member or item is incomplete",
    "json.missing-value": "a member or item is incomplete",
    "json.number-too-long": "an integer literal of more than 4,300 digits (quote it to keep it as text)",
    "json.too-deep": "nesting (lists and mappings) more than 400 levels deep, at the first value too deep",
    "json.trailing-comma": "a comma before `}` or `]`",
    "json.trailing-content": "text after the document's value",
    "json.unclosed": "`{` or `[` never closed (the tree is closed at the end so the rest still reads)",
    "json.unexpected": "a token that cannot be here (hints for `'single quotes'`, `True`, bare words, bad numbers)",
    "json.unterminated-string": "a string without its closing quote",
    "lesson.bad-goal": (
        "a goal or `predict` entry naming no request of the file; an outcome that is not one of the four; a check "
        "not in the table; a goal with neither `request` nor `check`"),
    "lesson.bad-id": (
        "an `id` with characters other than letters, digits, `.`, `_`, `-`; a `level` that is not a whole number "
        "from 0 to 999"),
    "lesson.bad-level": (
        "an `id` with characters other than letters, digits, `.`, `_`, `-`; a `level` that is not a whole number "
        "from 0 to 999"),
    "lesson.bad-lock": (
        "a lock that is not `KIND/NAME` or `root`; a lock on something not in the account as its step opens"),
    "lesson.bad-outcome": (
        "a goal or `predict` entry naming no request of the file; an outcome that is not one of the four; a check "
        "not in the table; a goal with neither `request` nor `check`"),
    "lesson.duplicate-key": (
        "the `lesson` block, a step, a goal or a solution has the wrong shape, an unknown key (with \"did you "
        "mean\"), a key twice, or lacks `steps`, a step's `title` or a goal's `outcome` / check argument"),
    "lesson.missing": "the file has no `lesson` block",
    "lesson.missing-key": (
        "the `lesson` block, a step, a goal or a solution has the wrong shape, an unknown key (with \"did you "
        "mean\"), a key twice, or lacks `steps`, a step's `title` or a goal's `outcome` / check argument"),
    "lesson.no-hint": "a step without a hint",
    "lesson.type": (
        "the `lesson` block, a step, a goal or a solution has the wrong shape, an unknown key (with \"did you "
        "mean\"), a key twice, or lacks `steps`, a step's `title` or a goal's `outcome` / check argument"),
    "lesson.unknown-check": (
        "a goal or `predict` entry naming no request of the file; an outcome that is not one of the four; a check "
        "not in the table; a goal with neither `request` nor `check`"),
    "lesson.unknown-key": (
        "the `lesson` block, a step, a goal or a solution has the wrong shape, an unknown key (with \"did you "
        "mean\"), a key twice, or lacks `steps`, a step's `title` or a goal's `outcome` / check argument"),
    "lesson.unknown-lock": (
        "a lock that is not `KIND/NAME` or `root`; a lock on something not in the account as its step opens"),
    "lesson.unknown-name": "a check's `user` or `group` that exists neither as its step opens nor after its solution",
    "lesson.unknown-request": (
        "a goal or `predict` entry naming no request of the file; an outcome that is not one of the four; a check "
        "not in the table; a goal with neither `request` nor `check`"),
    "policy.action-and-notaction": "neither or both of `Action`/`NotAction`",
    "policy.action-matches-nothing": "a wildcard pattern that covers no action",
    "policy.bad-action": (
        "not `service:Action` or `*`; wildcard in the service prefix; in an SCP a wildcard not at the end"),
    "policy.bad-character": "IAM stores only tab, LF, CR and U+0020–U+00FF",
    "policy.bad-condition": "condition block not `{operator: {key: value or [values]}}`",
    "policy.bad-condition-value": "condition block not `{operator: {key: value or [values]}}`",
    "policy.bad-effect": "`Effect` missing or not exactly `Allow`/`Deny`",
    "policy.bad-principal": (
        "principal values: 12-digit account, IAM/STS principal ARN, `*`; no partial wildcards; `x.amazonaws.com` "
        "service principals; types `AWS`, `Service`, `Federated`, `CanonicalUser`"),
    "policy.bad-principal-type": (
        "principal values: 12-digit account, IAM/STS principal ARN, `*`; no partial wildcards; `x.amazonaws.com` "
        "service principals; types `AWS`, `Service`, `Federated`, `CanonicalUser`"),
    "policy.bad-resource": "not `*` nor `arn:partition:service:region:account:resource`",
    "policy.bad-sid": "Sid of IAM and Organizations policies: letters and digits only; unique in the policy",
    "policy.bad-statement": "`Statement` missing, or not an object / list of objects",
    "policy.bad-version": "`Version` other than `2012-10-17` or `2008-10-17`",
    "policy.condition-value-type": (
        "a value that can never match its operator: not a number for `Numeric*`, not a date for `Date*`, not "
        "`true`/`false` for `Bool`/`Null`, not an IP or CIDR for `IpAddress`, not an ARN (or an ARN without all six "
        "parts, such as `*` or `arn:aws:sns:*`) for `Arn*`"),
    "policy.duplicate-key": "the same key twice in one object",
    "policy.duplicate-sid": "Sid of IAM and Organizations policies: letters and digits only; unique in the policy",
    "policy.empty-element": "an element is an empty list",
    "policy.empty-statement": "`\"Statement\": []` does nothing",
    "policy.expected-string": "an element must be a string",
    "policy.expected-strings": "an element must be a string or a list of strings",
    "policy.internal": "the policy reader failed (a bug: please report it)",
    "policy.missing-action": "neither or both of `Action`/`NotAction`",
    "policy.missing-effect": "`Effect` missing or not exactly `Allow`/`Deny`",
    "policy.missing-principal": (
        "resource-based, trust, RCP or VPC endpoint statement without `Principal`/`NotPrincipal`"),
    "policy.missing-resource": "neither or both of `Resource`/`NotResource` (trust policies have neither)",
    "policy.no-statement": "`Statement` missing, or not an object / list of objects",
    "policy.no-version": "no `Version`: the 2008-10-17 language, policy variables stay literal text",
    "policy.not-object": "the document is not a JSON object",
    "policy.notprincipal-in-trust": "role trust policies cannot use `NotPrincipal`, and have no `Resource`",
    "policy.notprincipal-with-allow": "`NotPrincipal` needs `Deny`",
    "policy.principal-and-notprincipal": "both in one statement",
    "policy.principal-in-boundary": "a permissions boundary names a `Principal`",
    "policy.principal-in-identity": "an identity-based policy names a `Principal`",
    "policy.principal-in-scp": "an SCP names a `Principal`",
    "policy.principal-in-session": "a session policy names a `Principal`",
    "policy.rcp-allow": "RCPs only `Deny` (except AWS's `RCPFullAWSAccess`), with `\"Principal\": \"*\"`",
    "policy.rcp-principal": "RCPs only `Deny` (except AWS's `RCPFullAWSAccess`), with `\"Principal\": \"*\"`",
    "policy.rcp-unsupported-service": "an RCP action of a service RCPs do not apply to",
    "policy.resource-and-notresource": "neither or both of `Resource`/`NotResource` (trust policies have neither)",
    "policy.resource-in-trust": "role trust policies cannot use `NotPrincipal`, and have no `Resource`",
    "policy.resource-only-star": "the actions accept only `\"Resource\": \"*\"`, so the ARN never matches",
    "policy.resource-type-mismatch": "an ARN that is none of the resource types the actions accept",
    "policy.set-operator-single-valued": "`ForAllValues:`/`ForAnyValue:` on a single-valued key",
    "policy.size": (
        "an identity's inline policies together over AWS's limit (user 2,048, group 5,120, role 10,240 characters "
        "without white space)"),
    "policy.too-large": (
        "over the size limit: IAM leaves white space out; Organizations (SCP/RCP) counts every character"),
    "policy.unknown-action": "unknown action (with \"did you mean\")",
    "policy.unknown-condition-key": "a condition key neither global nor defined by its service",
    "policy.unknown-element": (
        "an element name AWS does not know (with \"did you mean\", e.g. `Actions` → `Action`; names are case "
        "sensitive)"),
    "policy.unknown-operator": (
        "not a condition operator (optional `ForAllValues:`/`ForAnyValue:`, optional `IfExists`; `Null` takes "
        "neither)"),
    "policy.unknown-service": "unknown service prefix (with \"did you mean\")",
    "policy.unsupported-element": "e.g. `NotAction`/`NotPrincipal` in an RCP",
    "policy.variable-in-2008": "a `${...}` in `Resource` or a condition value of a policy without Version 2012-10-17",
    "policy.version-required": "RCPs need `\"Version\": \"2012-10-17\"`",
    "request.principal": "a request's principal cannot be resolved",
    "scenario.account-mismatch": (
        "an account id YAML read as a number (quote it); not 12 digits; a resource `account` that contradicts its "
        "ARN"),
    "scenario.account-not-string": (
        "an account id YAML read as a number (quote it); not 12 digits; a resource `account` that contradicts its "
        "ARN"),
    "scenario.bad-account": (
        "an account id YAML read as a number (quote it); not 12 digits; a resource `account` that contradicts its "
        "ARN"),
    "scenario.bad-action": (
        "a request's action that is not one `service:Action` (no wildcards: a request is one API call)"),
    "scenario.bad-arn": "a malformed ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`)",
    "scenario.bad-context-key": "a context key without its `prefix:`",
    "scenario.bad-credential": (
        "an unknown credential type, an `access_key` credential without `key_id`, a key id that is not 20 characters "
        "starting with `AKIA`"),
    "scenario.bad-expect": "an outcome other than `allowed`, `explicit_deny`, `implicit_deny`, `not_authenticated`",
    "scenario.bad-id": (
        "an IAM name with characters AWS refuses or over its length; a path not starting and ending with `/`; a "
        "unique id without its `AIDA`/`AROA` prefix"),
    "scenario.bad-key-id": (
        "an unknown credential type, an `access_key` credential without `key_id`, a key id that is not 20 characters "
        "starting with `AKIA`"),
    "scenario.bad-name": (
        "an IAM name with characters AWS refuses or over its length; a path not starting and ending with `/`; a "
        "unique id without its `AIDA`/`AROA` prefix"),
    "scenario.bad-path": (
        "an IAM name with characters AWS refuses or over its length; a path not starting and ending with `/`; a "
        "unique id without its `AIDA`/`AROA` prefix"),
    "scenario.bad-principal": (
        "a request's `user/NAME` or `role/NAME` that is not declared; a principal the tool cannot read"),
    "scenario.bad-time": (
        "a time (`time`, a credential's `expires`) that is not ISO 8601 or not from 0001-01-01T00:00:00Z to "
        "9999-12-31T23:59:59Z once in UTC; a Date condition value outside that range is a warning and never matches; "
        "a request's context value outside it matches no Date operator, `DateNotEquals` included"),
    "scenario.bad-value": (
        "a value outside its allowed set (key status, organization id, session duration, policy `type`)"),
    "scenario.bad-version": "`iam_studio: 1` is missing or names another version",
    "scenario.duplicate-key": "the same key twice in one mapping (also context keys differing only in case)",
    "scenario.duplicate-name": (
        "user, group or role names that differ only in case (IAM names are case-insensitive); an access key listed "
        "twice"),
    "scenario.duplicate-request": "two requests with the same `name`",
    "scenario.empty": "the file is empty",
    "scenario.invalid": "a file among several is not a valid scenario",
    "scenario.missing-key": (
        "a required key is missing: a policy's `document`, a resource's `arn`, a request's "
        "`principal`/`action`/`resource`, an access key's `id`, a level's `target`, a credential's `type`"),
    "scenario.missing-version": "`iam_studio: 1` is missing or names another version",
    "scenario.not-a-group": "a user's group that does not exist, or names a user, role or policy",
    "scenario.service-linked-boundary": (
        "a `boundary` on a role whose path starts with `/aws-service-role/` (AWS cannot set one on a service-linked "
        "role)"),
    "scenario.too-many-keys": "a user with more than two access keys (AWS's quota)",
    "scenario.type": "a value of the wrong kind, e.g. \"`groups` must be a list of group names\"",
    "scenario.unknown-action": (
        "(warning, from the app's request builder) an action or service the catalogue does not know, with \"did you "
        "mean\": AWS has no such API call"),
    "scenario.unknown-group": "a user's group that does not exist, or names a user, role or policy",
    "scenario.unknown-key": (
        "a key the format does not have, with \"did you mean\"; also a group with `groups:` (**a group cannot "
        "contain another group**), a group with `users:` (members are listed on the users), a role with `groups:`"),
    "scenario.unknown-policy": (
        "a reference to no policy in `policies:` (with \"did you mean\"), an AWS managed policy named without its "
        "ARN, or an AWS managed ARN the tool does not ship"),
    "scenario.unknown-principal": (
        "a request's `user/NAME` or `role/NAME` that is not declared; a principal the tool cannot read"),
    "scenario.unknown-role": "a resource's `role` that does not exist",
    "scenario.unknown-statement": (
        "an `expect.by` entry whose policy has no statement with that Sid or index (an unknown policy is "
        "`scenario.unknown-policy`)"),
    "scenario.wrong-policy-type": "`FullAWSAccess` used as an RCP or `RCPFullAWSAccess` as an SCP",
    "yaml.alias-bomb": (
        "an alias without its anchor; more than 4,000,000 values, aliases counted at their full size each time they "
        "are used (the large benchmark account holds 2.3 million); a key that is a list or object"),
    "yaml.complex-key": (
        "an alias without its anchor; more than 4,000,000 values, aliases counted at their full size each time they "
        "are used (the large benchmark account holds 2.3 million); a key that is a list or object"),
    "yaml.multiple-documents": "a second `---` document in the file",
    "yaml.number-too-long": "an integer literal of more than 4,300 digits (quote it to keep it as text)",
    "yaml.syntax": (
        "the text is not valid YAML (bad indentation, a tab, an unclosed bracket or quote, a control character)"),
    "yaml.too-deep": "nesting (lists and mappings) more than 400 levels deep, at the first value too deep",
    "yaml.too-large": "the document does not fit in memory",
    "yaml.too-many-nodes": (
        "an alias without its anchor; more than 4,000,000 values, aliases counted at their full size each time they "
        "are used (the large benchmark account holds 2.3 million); a key that is a list or object"),
    "yaml.unknown-alias": (
        "an alias without its anchor; more than 4,000,000 values, aliases counted at their full size each time they "
        "are used (the large benchmark account holds 2.3 million); a key that is a list or object"),
}


def meaning(code: str) -> str | None:
    """What a code means, or None for a code the catalogue does not hold."""
    return CODES.get(code)
