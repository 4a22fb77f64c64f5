"""`iam-studio lint POLICY.json`: the diagnostics AWS and its policy validator would give a policy."""
from __future__ import annotations

import json
import sys

from ..core.diagnostics import Diagnostic
from ..core.policy.model import PolicyType
from ..core.policy.parse import lint_policy_text
from ..core.scenario.load import policy_size_limit
from ..core.textfile import read_text_file
from .output import error_dict, print_diagnostics


def add_parser(sub) -> None:
    p = sub.add_parser("lint", help="check policy documents (JSON) for errors and warnings",
                       description="Check policy documents as AWS does when you save them, plus the warnings "
                                   "of AWS's policy validator. Exit status 2 when any document has an error.")
    p.add_argument("files", nargs="+", metavar="POLICY.json")
    p.add_argument("--type", default="identity", choices=[t.value for t in PolicyType],
                   help="where the policy is used (default: identity)")
    p.add_argument("--json", action="store_true", help="print the diagnostics as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    everything: list[Diagnostic] = []
    policy_type = PolicyType(args.type)
    for file in args.files:
        text, problems = read_text_file(file)
        if text is None:
            everything += problems
            continue
        everything += [d.with_file(d.file or file)
                       for d in lint_policy_text(text, policy_type, file, policy_size_limit(policy_type))]
    if args.json:
        json.dump({"diagnostics": [error_dict(d) for d in everything]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_diagnostics(everything, sys.stdout)
        errors = sum(1 for d in everything if d.is_error)
        warnings = len(everything) - errors
        if not everything:
            print(f"no problems found in {len(args.files)} {'policy' if len(args.files) == 1 else 'policies'}")
        else:
            print(f"{errors} {'error' if errors == 1 else 'errors'}, {warnings} "
                  f"{'warning' if warnings == 1 else 'warnings'}")
    return 2 if any(d.is_error for d in everything) else 0
