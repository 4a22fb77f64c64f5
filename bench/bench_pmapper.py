"""IAM Studio's cold engine beside PMapper's evaluation loop, on the same account and requests, on
this machine (a benchmark, not a test). PMapper is not a dependency of IAM Studio:

    pip install principalmapper
    python bench/bench_pmapper.py --file bench/out/medium.json --passes 5

PMapper (principalmapper, `local_check_authorization_full`) knows IAM users and roles only, so both
sides answer the requests whose caller is a user, a role session or an instance's role session, each
once (19,035 of the medium account's 20,000). The account is turned into PMapper's objects before timing: its users
and roles as Nodes with their managed, inline and group policies and their boundaries, the
organization's SCPs as one group per level, a declared resource's policy (an S3 object's bucket
policy, a KMS key's policy or the default key policy, a role's trust policy for sts:AssumeRole),
and each request's context with strings for booleans and numbers. What is timed (CPU time,
time.process_time, each pass in a fresh process, the collector off as `iam-studio check` runs):
- pmapper: one call of `local_check_authorization_full` per request (a yes or no);
- pmapper-own: the same with the AWS managed policies (ReadOnlyAccess, SecurityAudit, ...) left out,
  the customer's own policies only: PMapper compiles a regular expression for each pattern it
  tests, and the thousands of patterns of those documents overflow Python's cache of them. (This is
  the figure the issue's "11,000-14,500" matches on this machine.) Its answers are not compared;
  it answers a different question.
- iam-studio: a fresh `Engine(memoise=False)` evaluating the same requests once each, with the full
  outcome and deciding statements, compiling every policy they touch included.
The passes alternate, so a machine that speeds up or slows down meets both sides alike. The
report also says how often the two agree on allowed or not. On the medium account the two differ
on 92 requests, each from one of two simplifications of PMapper's: it leaves
aws:MultiFactorAuthPresent out of a role session's context, where AWS sends "false" for a session
without MFA (so `Null: {aws:MultiFactorAuthPresent: "false"}` matches); and a resource-based policy
that names the role ARN lets a session past its permissions boundary or session policy, which AWS
allows only to a policy naming the session itself.
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _document(ref: object, account: dict) -> dict:
    """The document a policy reference names: the account's own, an AWS managed one, or in place."""
    from iam_studio.core.managed import ORGANIZATION_POLICIES, managed_policy_document

    if isinstance(ref, dict):
        return ref
    name = str(ref)
    if name in account["policies"]:
        return account["policies"][name]["document"]
    document = managed_policy_document(name)
    return document if document is not None else ORGANIZATION_POLICIES[name][2]


def pmapper_inputs(path: Path, aws_managed: bool = True) -> tuple[list[tuple], list[int]]:
    """PMapper's arguments for each request it can answer, and those requests' indexes (without the AWS
    managed policies unless `aws_managed`)."""
    import collections.abc

    for name in ("Mapping", "MutableMapping"):     # PMapper 1.1.5 imports them from collections
        setattr(collections, name, getattr(collections.abc, name))
    from principalmapper.common import Group, Node, Policy

    account = json.loads(path.read_text())
    number = account["account"]
    prefix = f"arn:aws:iam::{number}:"

    def policy(ref: object, owner: str, name: str) -> Policy:
        arn = ref if isinstance(ref, str) and ref.startswith("arn:") else owner
        return Policy(arn, name, _document(ref, account))

    def policies(refs: list, owner: str, prefix: str) -> list[Policy]:
        return [policy(ref, owner, f"{prefix}{i}") for i, ref in enumerate(refs)
                if aws_managed or not str(ref).startswith("arn:aws:iam::aws:policy/")]

    groups = {}
    for name, group in account["groups"].items():
        arn = f"{prefix}group/{name}"
        groups[name] = Group(arn, policies(group.get("policies", []), arn, "g"))
    nodes: dict[str, Node] = {}
    for kind in ("users", "roles"):
        for name, entity in account[kind].items():
            arn = f"{prefix}{kind[:-1]}/{name}"
            attached = policies(entity.get("policies", []), arn, "p")
            attached += [Policy(arn, inline_name, doc) for inline_name, doc in entity.get("inline", {}).items()]
            boundary = entity.get("boundary")
            unique_id = f"{'AIDA' if kind == 'users' else 'AROA'}{len(nodes):017d}"
            nodes[f"{kind[:-1]}/{name}"] = Node(
                arn, unique_id, attached, [groups[g] for g in entity.get("groups", [])],
                entity.get("trust"), None, 0, bool(entity.get("console")), False,
                policy(boundary, arn, "boundary") if boundary else None, bool(entity.get("mfa")),
                entity.get("tags", {}))
    instances = {name: f"role/{r['role']}" for name, r in account["resources"].items() if "role" in r}
    resource_policies = {r["arn"]: r["policy"] for r in account["resources"].values() if "policy" in r}
    for r in account["resources"].values():
        if ":kms:" in r["arn"] and "policy" not in r:
            resource_policies[r["arn"]] = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"{prefix}root"}, "Action": "kms:*", "Resource": "*"}]}
    scps = [[Policy(f"arn:aws:organizations::{number}:policy/p{i}", f"scp{i}", _document(ref, account))
             for ref in level["policies"]] for i, level in enumerate(account["organization"]["scps"])]

    def resource_policy(resource: str, action: str) -> dict | None:
        if action == "sts:AssumeRole" and resource.startswith(f"{prefix}role/"):
            role = account["roles"].get(resource.rsplit("/", 1)[1])
            return role["trust"] if role else None
        if resource.startswith("arn:aws:s3:::"):
            resource = resource.split("/", 1)[0]
        return resource_policies.get(resource)

    def text(value: object) -> object:
        if isinstance(value, bool):
            return "true" if value else "false"
        return [str(v) for v in value] if isinstance(value, list) else str(value)

    inputs, indexes = [], []
    for index, request in enumerate(account["requests"]):
        caller = instances.get(request["principal"], request["principal"])
        node = nodes.get(caller)
        if node is None:
            continue
        session = request.get("session_policy")
        found = resource_policy(request["resource"], request["action"])
        inputs.append((node, request["action"], request["resource"],
                       {k: text(v) for k, v in request.get("context", {}).items()},
                       found, number if found is not None else None, scps,
                       _document(session, account) if session else None))
        indexes.append(index)
    return inputs, indexes


def one_pass(path: Path, side: str) -> dict[str, object]:
    """In this (fresh) process: prepare, freeze, then one timed pass of `side`."""
    inputs, indexes = pmapper_inputs(path, aws_managed=side != "pmapper-own")
    if side.startswith("pmapper"):
        from principalmapper.querying.query_interface import local_check_authorization_full

        gc.freeze()
        gc.disable()
        start = time.process_time()
        allowed = [local_check_authorization_full(*args) for args in inputs]
    else:
        from iam_studio.core.decision import Decision
        from iam_studio.core.engine.engine import Engine
        from iam_studio.core.scenario.load import load_scenario

        scenario, _ = load_scenario(path)
        assert scenario is not None
        requests = [scenario.requests[i] for i in indexes]
        gc.freeze()
        gc.disable()
        start = time.process_time()
        engine = Engine(scenario, memoise=False)
        results = [engine.evaluate(spec) for spec in requests]
        seconds = time.process_time() - start
        allowed = [r.decision is Decision.ALLOWED for r in results]
        return {"rate": len(results) / seconds, "allowed": allowed}
    seconds = time.process_time() - start
    return {"rate": len(allowed) / seconds, "allowed": allowed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(ROOT / "bench" / "out" / "medium.json"))
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--one-pass", choices=("pmapper", "pmapper-own", "iam-studio"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = Path(args.file)
    if args.one_pass:
        print(json.dumps(one_pass(path, args.one_pass)))
        return 0
    rates: dict[str, list[float]] = {"pmapper": [], "pmapper-own": [], "iam-studio": []}
    answers: dict[str, list[bool]] = {}
    for _ in range(args.passes):
        for side in rates:
            done = subprocess.run([sys.executable, __file__, "--file", str(path), "--one-pass", side],
                                  check=True, capture_output=True, text=True)
            out = json.loads(done.stdout)
            rates[side].append(out["rate"])
            answers[side] = out["allowed"]
    same = sum(a == b for a, b in zip(answers["pmapper"], answers["iam-studio"], strict=True))
    print(__doc__[__doc__.index("What is timed"):].strip(), end="\n\n")
    print(f"requests: {len(answers['pmapper'])}; agree on allowed or not: {same}")
    for side, values in rates.items():
        ordered = sorted(values)
        print(f"{side:>11}: best {ordered[-1]:,.0f}/s, median {ordered[len(ordered) // 2]:,.0f}/s "
              f"({', '.join(f'{v:,.0f}' for v in values)})")
    for side in ("pmapper", "pmapper-own"):
        best = max(rates["iam-studio"]) / max(rates[side])
        median = sorted(rates["iam-studio"])[args.passes // 2] / sorted(rates[side])[args.passes // 2]
        print(f"iam-studio / {side}: {best:.2f}x (best), {median:.2f}x (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
