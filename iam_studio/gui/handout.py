"""A lesson's handout as HTML or PDF: its steps (text, hints), the canvas image, and for each goal the
request, the engine's decision as the step opens and after its stored solution, and the engine's trace
in words. Every verdict and sentence comes from the engine (`core/lessons`, `Engine.evaluate`); the
handout only lays them out. A scenario without a lesson gives its saved requests instead of steps."""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QPageSize, QPdfWriter, QTextDocument

from ..core.engine.engine import Engine
from ..core.engine.result import Outcome
from ..core.lessons import CheckGoal, RequestGoal, describe_goal, evaluate_goals, scenario_at_step
from ..core.scenario.model import RequestSpec, Scenario
from .safe_text import MARKDOWN

CANVAS_NAME = "canvas.png"
HIDDEN_OUTCOMES = (Outcome.NO_MATCH, Outcome.SKIP)       # statements that did not apply: left out of the words
STYLE = ("body{font-family:sans-serif;max-width:50em;margin:1em auto;line-height:1.4}"
         "h2{border-bottom:1px solid #999;margin-top:1.6em}.goal{margin:.6em 0 .6em 1em}"
         ".trace{color:#333;font-size:90%}.note{background:#fff6d5;padding:.4em .6em}")


def handout_html(scenario: Scenario, canvas_src: str | None = None) -> str:
    """The handout of `scenario` (the lesson's start) as one HTML page. `canvas_src`: the image's address."""
    e = html.escape
    parts = [f"<h1>{e(scenario.title)}</h1>", _markdown(scenario.description)]
    if canvas_src:
        parts.append(f'<p><img src="{e(canvas_src)}" alt="The account on the canvas" width="640"></p>')
    lesson = scenario.lesson
    if lesson is None:
        parts.append("<h2>Requests</h2>")
        engine = Engine(scenario)
        parts += [_request_html(spec, engine, None) for spec in scenario.requests]
    else:
        for i, step in enumerate(lesson.steps):
            parts.append(f"<h2>Step {i + 1}. {e(step.title)}</h2>")
            parts.append(_markdown(step.text))
            if step.goals:
                parts.append(_goals_html(scenario, i, step))
            parts.append("<p><b>Hints</b></p><ol>" + "".join(f"<li>{_inline(h)}</li>" for h in step.hints) + "</ol>")
    body = "\n".join(p for p in parts if p)
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{e(scenario.title)}</title>'
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _goals_html(start: Scenario, index: int, step) -> str:
    before = scenario_at_step(start, index)
    after = scenario_at_step(start, index, solved=True) if step.solution is not None else None
    at_start = evaluate_goals(before, step.goals)
    solved = evaluate_goals(after, step.goals) if after is not None else None
    engine = Engine(after if after is not None else before)
    out = ["<p><b>Goals</b></p>"]
    for n, status in enumerate(at_start):
        goal = status.goal
        state = f"as the step opens: {'met' if status.met else 'not met'}"
        if solved is not None:
            state += f"; after the stored solution: {'met' if solved[n].met else 'not met'}"
        out.append(f'<div class="goal"><b>{html.escape(describe_goal(goal))}</b> ({state})')
        if isinstance(goal, RequestGoal):
            spec = next((r for r in engine.scenario.requests if r.name == goal.request), None)
            if spec is not None:
                out.append(_request_html(spec, engine, "after the solution" if after is not None else None))
        elif isinstance(goal, CheckGoal) and status.detail:
            out.append(f"<br>{html.escape(status.detail)}")
        out.append("</div>")
    return "\n".join(out)


def _request_html(spec: RequestSpec, engine: Engine, when: str | None) -> str:
    """One request, the engine's decision and reason, and its trace in words."""
    e = html.escape
    try:
        result = engine.evaluate(spec, explain=True)
    except Exception as exc:  # a request the engine cannot evaluate is reported, never crashes the export
        return f"<p>{e(spec.name)}: the engine could not evaluate it ({e(str(exc))})</p>"
    head = (f"<p><i>{e(spec.name)}</i>: {e(spec.principal)} asks for {e(spec.action)} on {e(spec.resource)}"
            f"<br>AWS decides{' ' + e(when) if when else ''}: <b>{e(result.decision.words)}</b>"
            f" — {e(result.reason)}</p>")
    words = [f"<li>{e(step.message)}</li>" for step in result.trace if step.outcome not in HIDDEN_OUTCOMES]
    return head + (f'<ol class="trace">{"".join(words)}</ol>' if words else "")


def _markdown(text: str) -> str:
    """A file's Markdown as HTML (Qt's reader, raw HTML in it shown as text): the body only."""
    if not text:
        return ""
    doc = QTextDocument()
    doc.setMarkdown(text, MARKDOWN)
    found = re.search(r"<body[^>]*>(.*)</body>", doc.toHtml(), re.S)
    return found.group(1) if found else html.escape(text)


def _inline(text: str) -> str:
    body = _markdown(text)
    return re.sub(r"^<p[^>]*>(.*)</p>$", r"\1", body.strip(), flags=re.S)


def write_handout(scenario: Scenario, path: str, canvas_png: bytes | None = None) -> None:
    """Write the handout to `path`: `.html` (the canvas image inside it) or `.pdf`. Raises OSError."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise OSError(f"`{Path(path).name}`: a handout is written as .html or .pdf")
    if suffix == ".pdf":
        doc = QTextDocument()
        if canvas_png:
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CANVAS_NAME),
                            QImage.fromData(QByteArray(canvas_png)))
        doc.setHtml(handout_html(scenario, CANVAS_NAME if canvas_png else None))
        writer = QPdfWriter(path)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(scenario.title)
        doc.print_(writer)
        if not Path(path).is_file():
            raise OSError(f"could not write `{path}`")
        return
    src = "data:image/png;base64," + base64.b64encode(canvas_png).decode("ascii") if canvas_png else None
    Path(path).write_text(handout_html(scenario, src), encoding="utf-8")
