"""hypothesis: load -> save -> load keeps every request's decision and every scalar's text (issue 8)."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text

SPELLINGS = st.sampled_from(["+1", "-0", "1e999", "1.50", "0x10", "1e3", "010", ".5", "0o17", "007", "1", "0",
                             "-.inf", "1_000", "12e-0", "true", "True", "FALSE", "~", "null", "0.0", "-1", "+.5"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
VALUE = st.one_of(SPELLINGS, TEXT.map(json.dumps))       # plain scalars as written, or quoted text


def scenario(values: list[str], context: list[str], fresh_padding: bool) -> str:
    conditions = "\n".join(f"              aws:PrincipalTag/k{i}: {v}" for i, v in enumerate(values))
    tags = ", ".join(f"k{i}: {json.dumps(c)}" for i, c in enumerate(context))
    requests = "".join(f"  - {{name: r{i}, principal: user/ana, action: s3:GetObject, resource: '*', "
                       f"context: {{aws:x: {v}}}}}\n" for i, v in enumerate(values))
    return f"""iam_studio: 1
title: t
account: "123456789012"
users:
  ana:
    tags: {{{tags}}}
    inline:
      P:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
            Condition:
              StringEquals:
{conditions}
requests:
  - {{name: tagged, principal: user/ana, action: s3:GetObject, resource: '*'}}
{requests}x-padding: "{'p' * (300 * 1024 if fresh_padding else 0)}"
"""


def texts(s) -> list:
    clauses = s.users["ana"].inline["P"].statements[0].conditions
    return ([v for c in clauses for v in c.values], dict(s.users["ana"].tags),
            [r.context for r in s.requests])


@settings(max_examples=40, deadline=None)
@given(st.lists(VALUE, min_size=1, max_size=6), st.booleans(), st.data())
def test_load_save_load_keeps_decisions_and_texts(values, fresh, data):
    context = data.draw(st.lists(st.one_of(SPELLINGS, TEXT), min_size=len(values), max_size=len(values)))
    loaded, diagnostics = load_scenario_text(scenario(values, context, fresh), "p.yaml")
    if loaded is None:                   # e.g. a null condition value: invalid input, reported
        assert any(d.is_error and d.span and d.help for d in diagnostics)
        return
    decisions = [Engine(loaded).evaluate(r).decision for r in loaded.requests]
    before = texts(loaded)
    loaded.title = "edited"              # an edit, so the document is written rather than copied
    again, diagnostics = load_scenario_text(dump_scenario_text(loaded), "saved.yaml")
    assert again is not None, [d.format() for d in diagnostics if d.is_error]
    assert texts(again) == before
    assert [Engine(again).evaluate(r).decision for r in again.requests] == decisions
