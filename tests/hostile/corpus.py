"""The hostile corpus: inputs a careless or hostile user gives the CLI, generated (nothing big committed).

`cases(folder)` writes every input into `folder` and returns `(name, argv, exits)`: the command line
to run (after `iam-studio`) and the exit statuses it may end with. Run `python tests/hostile/corpus.py
FOLDER` to write them out and look at them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HEAD = 'iam_studio: 1\ntitle: t\naccount: "123456789012"\n'
USERS = "users:\n  ana: {}\n"
POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'


def _request(extra: str = "") -> str:
    return "requests:\n  - {principal: user/ana, action: s3:GetObject, resource: '*'" + extra + "}\n"


def _policy_with(condition: str) -> str:
    return ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", '
            f'"Condition": {condition}}}]}}')


def scenario_texts() -> dict[str, bytes | str]:
    """Scenario files that must each end in exit 2 with a diagnostic."""
    deep = "[" * 401 + "]" * 401
    alias_bomb = "".join(f"  - &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    t = {
        "deep-list.yaml": HEAD + f"x-deep: {deep}\n",
        "deep-map.yaml": HEAD + "x-deep: " + "{a: " * 420 + "1" + "}" * 420 + "\n",
        "deep-block.yaml": HEAD + "x-deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(410)) + "  " * 411
        + "v\n",
        "deep-condition.yaml": HEAD + USERS.replace("{}", "{inline: {P: " + _policy_with(
            '{"StringEquals": {"aws:x": ' + "[" * 490 + '"a"' + "]" * 490 + "}}") + "}}"),
        "whole-file-brackets.yaml": "[" * 1000,
        "int-4301.yaml": HEAD + "x-n: " + "7" * 4301 + "\n",
        "int-in-condition.yaml": HEAD + USERS.replace("{}", "{inline: {P: " + _policy_with(
            '{"NumericEquals": {"s3:max-keys": ' + "1" * 5000 + "}}") + "}}"),
        "hex-huge.yaml": HEAD + "x-n: 0x" + "f" * 5000 + "\n",
        "time-plus14.yaml": HEAD + 'time: "0001-01-01T00:00:00+14:00"\n',
        "time-year0.yaml": HEAD + "time: 0000-01-01T00:00:00Z\n",
        "time-month13.yaml": HEAD + "time: 2026-13-01T00:00:00Z\n",
        "time-number.yaml": HEAD + "time: 12\n",
        "expires-minus14.yaml": HEAD + USERS + _request(
            ", credential: {type: session, expires: '9999-12-31T23:59:59-14:00'}"),
        "control-bell.yaml": HEAD.replace("title: t", 'title: "a\x07b"'),
        "control-nul.yaml": HEAD.replace("title: t", "title: a\x00b"),
        "control-esc-key.yaml": HEAD + "x-\x1b: 1\n",
        "latin1.yaml": (HEAD + "title: caf").encode() + b"\xe9\n",
        "lone-ff.yaml": b"\xff" + HEAD.encode(),
        "utf16.yaml": "\ufeff".encode("utf-16-le") + HEAD.encode("utf-16-le"),
        "bad-continuation.yaml": HEAD.encode() + b"x-a: \xc3\x28\n",
        "alias-bomb.yaml": HEAD + "x-bomb:\n  - &l0 [lol]\n" + alias_bomb,
        "unknown-alias.yaml": HEAD + "title: *nothing\n",
        "empty.yaml": "",
        "only-comment.yaml": "# nothing here\n",
        "two-documents.yaml": HEAD + "---\n" + HEAD,
        "scalar-document.yaml": "5\n",
        "list-document.yaml": "[1, 2]\n",
        "null-document.yaml": "~\n",
        "tab-indent.yaml": HEAD + "users:\n\tana: {}\n",
        "unclosed-quote.yaml": HEAD + 'x-a: "open\n',
        "unclosed-bracket.yaml": HEAD + "x-a: [1, 2\n",
        "duplicate-key.yaml": HEAD + "title: u\n",
        "complex-key.yaml": HEAD + "? [a]\n: 1\n",
        "merge-not-map.yaml": HEAD + "users:\n  ana:\n    <<: 5\n",
        "users-number.yaml": HEAD + "users: 5\n",
        "users-list.yaml": HEAD + "users: [ana]\n",
        "requests-map.yaml": HEAD + "requests: {a: 1}\n",
        "title-list.yaml": HEAD.replace("title: t", "title: [1]"),
        "account-number.yaml": HEAD.replace('"123456789012"', "123456789012"),
        "account-long.yaml": HEAD.replace('"123456789012"', '"' + "1" * 400 + '"'),
        "document-number.yaml": HEAD + "policies:\n  P: {document: 5}\n",
        "statement-number.yaml": HEAD + "policies:\n  P: {document: {Version: '2012-10-17', Statement: 5}}\n",
        "statement-empty.yaml": HEAD + "policies:\n  P: {document: {Version: '2012-10-17', Statement: [{}]}}\n",
        "effect-number.yaml": HEAD + "policies:\n  P: {document: {Statement: [{Effect: 5, Action: '*', "
        "Resource: '*'}]}}\n",
        "action-nested.yaml": HEAD + "policies:\n  P: {document: {Statement: [{Effect: Allow, Action: [[]], "
        "Resource: '*'}]}}\n",
        "condition-number.yaml": HEAD + "policies:\n  P: {document: {Statement: [{Effect: Allow, Action: '*', "
        "Resource: '*', Condition: 5}]}}\n",
        "condition-operator-number.yaml": HEAD + "policies:\n  P: {document: {Statement: [{Effect: Allow, "
        "Action: '*', Resource: '*', Condition: {StringEquals: 5}}]}}\n",
        "huge-policy.yaml": HEAD + "policies:\n  P: {document: {Statement: [{Effect: Allow, Action: 's3:"
        + "a" * 300_000 + "', Resource: '*'}]}}\n",
        "dangling-principal.yaml": HEAD + _request(),
        "dangling-group.yaml": HEAD + "users:\n  ana: {groups: [Nope]}\n",
        "request-no-action.yaml": HEAD + USERS + "requests:\n  - {principal: user/ana, resource: '*'}\n",
        "request-bad-arn.yaml": HEAD + USERS + "requests:\n  - {principal: user/ana, action: s3:GetObject, "
        "resource: not-an-arn}\n",
        "request-context-list-of-maps.yaml": HEAD + USERS + _request(", context: {aws:x: [{a: 1}]}"),
        "request-context-no-colon.yaml": HEAD + USERS + _request(", context: {nocolon: 1}"),
        "expect-bad.yaml": HEAD + USERS + _request(", expect: maybe"),
        "credential-type-bad.yaml": HEAD + USERS + _request(", credential: {type: telepathy}"),
        "surrogate-escape.yaml": HEAD.replace("title: t", 'title: "\\ud800"'),
        "version-2.yaml": HEAD.replace("iam_studio: 1", "iam_studio: 2"),
        "version-missing.yaml": HEAD.replace("iam_studio: 1\n", ""),
        "json-scenario-trailing.json": '{"iam_studio": 1, "title": "t"} x',
        "json-scenario-deep.json": '{"iam_studio": 1, "x-a": ' + deep + "}",
    }
    return t


def policy_texts() -> dict[str, bytes | str]:
    """Policy files for `lint` that must each end in exit 2 with a diagnostic."""
    statement = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'
    return {
        "deep-1000.json": "[" * 1000,
        "deep-objects.json": '{"a": ' * 500 + "1" + "}" * 500,
        "deep-condition.json": _policy_with('{"StringEquals": {"aws:x": ' + "[" * 450 + '"a"' + "]" * 450 + "}}"),
        "surrogate.json": '{"Statement": [{"Effect": "Allow", "Action": "s3:\\ud800", "Resource": "*"}]}',
        "many-statements.json": '{"Version": "2012-10-17", "Statement": [' + ", ".join([statement] * 10_000) + "]}",
        "long-action.json": POLICY.replace("s3:GetObject", "s3:" + "a" * 300_000),
        "trailing.json": POLICY + " garbage",
        "comment.json": "// hi\n" + POLICY,
        "single-quotes.json": POLICY.replace('"Allow"', "'Allow'"),
        "python-true.json": POLICY.replace('"Allow"', "True"),
        "nan.json": POLICY.replace('"*"', "NaN"),
        "infinity.json": POLICY.replace('"*"', "Infinity"),
        "int-4301.json": POLICY.replace('"*"', "7" * 4301),
        "empty.json": "",
        "bom-only.json": "\ufeff",
        "latin1.json": POLICY.encode()[:-2] + b"\xe9}",
        "bad-escape.json": POLICY.replace("s3:GetObject", "s3:\\q"),
        "control-in-string.json": POLICY.replace("s3:GetObject", "s3:\x07"),
        "unterminated.json": POLICY[:30],
        "statement-string.json": '{"Version": "2012-10-17", "Statement": "x"}',
        "principal-in-identity.json": POLICY.replace('"Effect"', '"Principal": "*", "Effect"'),
        "date-year0.json": _policy_with('{"DateLessThan": {"aws:CurrentTime": "0000-01-01T00:00:00Z"}}')
        .replace('"Action": "*"', '"Action": "*", "Bad": 1'),
        "array-root.json": "[]",
        "number-root.json": "5",
    }


def cases(folder: Path) -> list[tuple[str, list[str], tuple[int, ...]]]:
    """Write every input under `folder`; the commands to run and the exit statuses each may give."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[tuple[str, list[str], tuple[int, ...]]] = []
    for group, texts, command in (("scenario", scenario_texts(), "check"), ("policy", policy_texts(), "lint")):
        for name, text in texts.items():
            path = folder / group / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
            out.append((f"{command} {name}", [command, str(path)], (2,)))
    files = folder / "files"
    files.mkdir(exist_ok=True)
    os.mkfifo(files / "pipe.yaml")
    (files / "zero.yaml").symlink_to("/dev/zero")
    (files / "urandom.yaml").symlink_to("/dev/urandom")
    (files / "dir.yaml").mkdir()
    (files / "dangling.yaml").symlink_to(files / "missing")
    (files / "loop.yaml").symlink_to(files / "loop.yaml")
    holder = folder / "holder"
    holder.mkdir(exist_ok=True)
    os.mkfifo(holder / "inside.yaml")
    (folder / "empty-dir").mkdir(exist_ok=True)
    with open(files / "sparse.yaml", "wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    for name in ("pipe.yaml", "zero.yaml", "urandom.yaml", "dir.yaml", "dangling.yaml", "loop.yaml", "sparse.yaml"):
        out.append((f"check {name}", ["check", str(files / name)], (2,)))
        out.append((f"lint {name}", ["lint", str(files / name)], (2,)))
    out += [("check folder holding a pipe", ["check", str(holder)], (2,)),
            ("check empty folder", ["check", str(folder / "empty-dir")], (2,)),
            ("check empty path", ["check", ""], (2,)),
            ("check missing", ["check", str(folder / "nope.yaml")], (2,))]
    good = folder / "good.yaml"
    good.write_text(HEAD + USERS + _request())
    base = ["eval", str(good), "--principal", "user/ana"]
    out += [("eval empty action", base + ["--action", ""], (2,)),
            ("eval wildcard action", base + ["--action", "s3:*"], (2,)),
            ("eval bad resource", base + ["--action", "s3:GetObject", "--resource", "not-an-arn"], (2,)),
            ("eval bad account", base + ["--action", "s3:GetObject", "--resource-account", "12"], (2,)),
            ("eval bad context", base + ["--action", "s3:GetObject", "--context", "novalue"], (2,)),
            ("eval context without prefix", base + ["--action", "s3:GetObject", "--context", "k=v"], (2,)),
            ("eval unknown user", ["eval", str(good), "--principal", "user/zed", "--action", "s3:GetObject"], (2,)),
            ("eval garbage principal", ["eval", str(good), "--principal", "%%%", "--action", "s3:GetObject"], (2,)),
            ("eval pipe", ["eval", str(files / "pipe.yaml"), "--principal", "root", "--action", "s3:GetObject"],
             (2,)),
            ("eval 40000 contexts", base + ["--action", "s3:GetObject"]
             + [a for i in range(40_000) for a in ("--context", f"k:{i}=v")], (2,))]
    return out


if __name__ == "__main__":
    for name, argv, _ in cases(Path(sys.argv[1])):
        print(name, "->", " ".join(a if len(a) < 60 else a[:57] + "..." for a in argv[:6]))
