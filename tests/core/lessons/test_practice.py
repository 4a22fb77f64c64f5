"""Practice drills: the pool comes from the scenario, picks are seeded, answers are the engine's."""
from iam_studio.core.decision import Decision
from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons.practice import Practice, drill_pool
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario


def _load(name):
    scenario, _ = load_scenario(f"scenarios/{name}")
    return scenario


def test_pool_holds_the_saved_requests_then_generated_combinations():
    sc = _load("employee-directory.yaml")
    pool = drill_pool(sc)
    saved = [d for d in pool if d.saved]
    assert [d.request.name for d in saved] == [r.name for r in sc.requests]
    generated = [d for d in pool if not d.saved]
    assert generated
    principals = {f"user/{n}" for n in sc.users} | {f"role/{n}" for n in sc.roles}
    for d in generated:
        assert d.request.principal in principals
        assert "*" not in d.request.action
        service = d.request.action.split(":")[0]
        assert d.request.resource == "*" or d.request.resource.split(":")[2] == service
    keys = [(d.request.principal, d.request.action, d.request.resource) for d in generated]
    assert len(keys) == len(set(keys))
    assert [d.request for d in drill_pool(sc)] == [d.request for d in pool]      # deterministic


def test_same_seed_same_drills_and_never_the_same_twice_running():
    sc = _load("employee-directory.yaml")
    a, b = Practice(7), Practice(7)
    names_a = [a.next(sc).request.name for _ in range(30)]
    names_b = [b.next(sc).request.name for _ in range(30)]
    assert names_a == names_b
    assert all(x != y for x, y in zip(names_a, names_a[1:], strict=False))
    assert names_a != [Practice(8).next(sc).request.name for _ in range(30)]


def test_picks_spread_over_the_decisions_the_scenario_reaches():
    sc = _load("employee-directory.yaml")
    engine = Engine(sc)
    reached = {engine.evaluate(d.request).decision for d in drill_pool(sc)}
    assert len(reached) == 4                 # this lesson's account reaches all four outcomes
    p = Practice(3)
    seen = {engine.evaluate(p.next(sc, engine).request).decision for _ in range(60)}
    assert seen == reached


def test_answer_is_the_engines_decision_and_the_streak_counts():
    sc = _load("access-keys-authentication.yaml")
    p = Practice(1)
    p.next(sc)
    truth = Engine(sc).evaluate(p.current.request)
    reveal = p.answer(sc, truth.decision)
    assert reveal.right and reveal.decision is truth.decision and reveal.reason == truth.reason
    assert (p.streak, p.best, p.right, p.asked) == (1, 1, 1, 1)
    p.next(sc)
    truth = Engine(sc).evaluate(p.current.request).decision
    wrong = next(d for d in Decision if d is not truth)
    assert not p.answer(sc, wrong).right
    assert (p.streak, p.best, p.right, p.asked) == (0, 1, 1, 2)
    p.next(sc)
    assert not p.answer(sc, None).right          # no prediction is never right
    assert p.asked == 3


def test_answer_follows_an_edit_made_after_the_pick():
    sc = _load("access-keys-authentication.yaml")
    p = Practice(0)
    while True:
        drill = p.next(sc)
        c = drill.request.credential
        if c is not None and c.type == "access_key" and c.key_id == "AKIAI44QH8DHBEXAMPLE" and not c.tamper:
            break
    assert "signed with access key AKIAI44QH8DHBEXAMPLE" in drill.question
    edits.set_access_key_status(sc, "sam", "AKIAI44QH8DHBEXAMPLE", "Inactive")
    assert p.answer(sc, Decision.ALLOWED).decision is Decision.NOT_AUTHENTICATED


def test_an_empty_scenario_offers_no_drill():
    from iam_studio.core.scenario.model import Scenario
    p = Practice()
    assert p.next(Scenario()) is None and p.current is None
