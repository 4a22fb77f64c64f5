"""The readers' pinned limits (issue 8): nesting depth, integer length, dates, bytes that are not text."""
from __future__ import annotations

from iam_studio.core.isotime import parse_date, parse_time
from iam_studio.core.jsonsource import parse_json
from iam_studio.core.limits import MAX_DEPTH, MAX_INT_DIGITS
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text
from iam_studio.core.yamlsource import parse_yaml

HEAD = 'iam_studio: 1\ntitle: t\naccount: "123456789012"\n'


def only_error(diagnostics):
    errors = [d for d in diagnostics if d.is_error]
    assert len(errors) == 1, [d.format() for d in diagnostics]
    return errors[0]


def test_json_nested_400_deep_is_read_and_401_is_reported_at_the_first_bracket_too_deep():
    node, diagnostics = parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert node is not None and not diagnostics
    text = '{"a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    node, diagnostics = parse_json(text)
    error = only_error(diagnostics)
    assert node is None and error.code == "json.too-deep"
    assert (error.span.line, error.span.column) == (1, 7 + MAX_DEPTH - 1) and error.help


def test_json_brackets_inside_strings_do_not_count_as_nesting():
    text = '["' + "[" * 1000 + '", ' + "[" * 10 + "]" * 10 + "]"
    node, diagnostics = parse_json(text)
    assert node is not None and not [d for d in diagnostics if d.is_error]


def test_yaml_nested_400_deep_loads_saves_and_loads_again():
    inner = MAX_DEPTH - 1                                   # the top-level mapping is the first level
    text = HEAD + "x-deep: " + "[" * inner + "1" + "]" * inner + "\n"
    scenario, diagnostics = load_scenario_text(text, "deep.yaml")
    assert scenario is not None, [d.format() for d in diagnostics]
    again, diagnostics = load_scenario_text(dump_scenario_text(scenario), "saved.yaml")
    assert again is not None and again.extra == scenario.extra
    scenario.source = None                                  # written fresh, as files over 256 KB are
    again, _ = load_scenario_text(dump_scenario_text(scenario), "fresh.yaml")
    assert again is not None and again.extra == scenario.extra


def test_yaml_nested_401_deep_is_reported_where_it_gets_too_deep():
    text = HEAD + "x-deep:\n  a: " + "{b: " * (MAX_DEPTH - 1) + "1" + "}" * (MAX_DEPTH - 1) + "\n"
    scenario, diagnostics = load_scenario_text(text, "deep.yaml")
    error = only_error(diagnostics)
    assert scenario is None and error.code == "yaml.too-deep" and error.help
    assert error.span.line == 5 and error.span.column == 6 + 4 * (MAX_DEPTH - 2)


def test_a_condition_value_nested_deeply_is_a_diagnostic_not_a_bug():
    doc = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",'
           '"Condition":{"StringEquals":{"aws:x":' + "[" * 500 + '"a"' + "]" * 500 + "}}}]}")
    _, diagnostics = load_scenario_text(HEAD + "policies:\n  P:\n    document: " + doc + "\n", "f.yaml")
    error = only_error(diagnostics)
    assert error.code == "yaml.too-deep" and error.span.line == 6
    assert not any("bug" in (d.help or "") + d.message for d in diagnostics)


def test_integers_longer_than_4300_digits_are_invalid_at_their_position():
    digits = "7" * (MAX_INT_DIGITS + 1)
    _, _, diagnostics = parse_yaml(HEAD + f"x-n: {digits}\n")
    error = only_error(diagnostics)
    assert error.code == "yaml.number-too-long" and (error.span.line, error.span.column) == (4, 6) and error.help
    node, diagnostics = parse_json(f'{{"n": [{digits}]}}')
    error = only_error(diagnostics)
    assert error.code == "json.number-too-long" and (error.span.line, error.span.column) == (1, 8)
    scenario, _ = load_scenario_text(HEAD + f"x-n: {'7' * MAX_INT_DIGITS}\n", "f.yaml")
    assert scenario is not None and scenario.extra["x-n"] == int("7" * MAX_INT_DIGITS)
    scenario, _ = load_scenario_text(HEAD + f'x-n: "{digits}"\n', "f.yaml")
    assert scenario is not None and scenario.extra["x-n"] == digits


def test_times_outside_year_1_to_9999_in_utc_are_diagnostics():
    for bad in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0000-06-01T00:00:00Z"):
        assert parse_time(bad) is None
        scenario, diagnostics = load_scenario_text(HEAD.replace("title: t", f'time: "{bad}"'), "f.yaml")
        error = only_error(diagnostics)
        assert scenario is None and error.code == "scenario.bad-time" and error.span.line == 2 and error.help
        text = HEAD + ("users: {a: {}}\nrequests:\n  - {principal: user/a, action: s3:GetObject, resource: '*',\n"
                       f"     credential: {{type: session, expires: '{bad}'}}}}\n")
        scenario, diagnostics = load_scenario_text(text, "f.yaml")
        assert scenario is None and only_error(diagnostics).span.line == 7
    assert parse_time("0001-01-01T00:00:00Z") and parse_time("9999-12-31T23:59:59Z")


def test_date_values_outside_the_range_never_match_and_are_reported_in_policies():
    assert parse_date("0000-01-01") is None and parse_date("9999-12-31T23:59:59-14:00") is None
    assert parse_date("253402300800") is None and parse_date("1" * 5000) is None
    assert parse_date("9999-12-31T23:59:59Z") == 253402300799 and parse_date("0001-01-01") == -62135596800
    policy = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",'
              '"Condition":{"DateLessThan":{"aws:CurrentTime":"0000-01-01T00:00:00Z"}}}]}')
    text = HEAD + (f"organization:\n  scps:\n    - target: r-root\n      policies: [{policy}]\n"
                   f"users:\n  a: {{inline: {{P: {policy}}}}}\n"
                   "requests:\n  - {principal: user/a, action: s3:GetObject, resource: '*', "
                   "context: {aws:CurrentTime: '0000-01-01'}}\n")
    from iam_studio.core.engine.engine import Engine
    scenario, diagnostics = load_scenario_text(text, "f.yaml")
    assert scenario is not None
    dates = [d for d in diagnostics if d.code == "policy.condition-value-type"]
    assert len(dates) == 2 and all(d.span and d.help for d in dates)
    assert Engine(scenario).evaluate(scenario.requests[0]).decision.value == "implicit_deny"


def test_control_characters_are_reported_at_their_position_with_a_hint():
    _, _, diagnostics = parse_yaml('iam_studio: 1\ntitle: "a\x07b"\n')
    error = only_error(diagnostics)
    assert (error.span.line, error.span.column) == (2, 10) and "U+0007" in error.message and error.help
