"""How each node and edge type looks: outline shape, icon and colour (one table per thing)."""
from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

NODE_W, NODE_H = 64.0, 64.0

NODE_COLOURS = {
    "root": "#b03a2e", "user": "#2e6fb0", "group": "#1f8a7a", "role": "#7a55b5",
    "policy": "#b7791f", "resource": "#4f7f2a",
}
EDGE_STYLES = {   # colour, Qt pen style, arrow
    "member": ("#1f8a7a", Qt.PenStyle.SolidLine),
    "attached": ("#b7791f", Qt.PenStyle.SolidLine),
    "boundary": ("#b03a2e", Qt.PenStyle.DashLine),
    "inline": ("#8a8a8a", Qt.PenStyle.SolidLine),
    "trust": ("#7a55b5", Qt.PenStyle.DotLine),
    "runs_as": ("#4f7f2a", Qt.PenStyle.DashDotLine),
    "resource_policy": ("#2f7fb5", Qt.PenStyle.DashLine),
    "scp": ("#c0392b", Qt.PenStyle.DashDotDotLine),
    "rcp": ("#d35400", Qt.PenStyle.DotLine),
}
KIND_NAMES = {"root": "Root user", "user": "User", "group": "Group", "role": "Role",
              "policy": "Policy", "resource": "Resource"}
EDGE_NAMES = {"member": "member of", "attached": "policy attached", "boundary": "permissions boundary",
              "inline": "inline policy", "trust": "may assume (trust)", "runs_as": "runs as role",
              "resource_policy": "resource-based policy", "scp": "service control policy (SCP)",
              "rcp": "resource control policy (RCP)"}
POLICY_NAMES = {"managed": "customer managed policy", "aws": "AWS managed policy (dashed)",
                "inline": "inline policy (pale)", "resource": "resource-based policy (pale)"}
RESOURCE_NAMES = {"s3": "S3 bucket", "s3object": "S3 object", "ec2": "EC2 instance",
                  "lambda": "Lambda function", "dynamodb": "DynamoDB table", "kms": "KMS key",
                  "other": "Other resource"}


def _polygon(n: int, r: float, phase: float = 0.0) -> QPainterPath:
    pts = [QPointF(r * math.cos(phase + 2 * math.pi * i / n), r * math.sin(phase + 2 * math.pi * i / n))
           for i in range(n)]
    path = QPainterPath()
    path.addPolygon(QPolygonF(pts))
    path.closeSubpath()
    return path


@functools.cache
def outline(kind: str) -> QPainterPath:
    """The node's outline, centred on (0, 0) (one shared path per kind: never change it)."""
    w, h = NODE_W, NODE_H
    path = QPainterPath()
    if kind == "user":
        path.addEllipse(QRectF(-w / 2, -h / 2, w, h))
    elif kind == "group":
        path.addRoundedRect(QRectF(-w / 2 - 8, -h / 2, w + 16, h), 18, 18)
    elif kind == "role":
        return _polygon(6, w / 2 + 2)
    elif kind == "root":
        return _polygon(8, w / 2 + 2, math.pi / 8)
    elif kind == "policy":
        fold = 14
        path.moveTo(-w / 2 + 6, -h / 2)
        path.lineTo(w / 2 - fold, -h / 2)
        path.lineTo(w / 2 - 6, -h / 2 + fold)
        path.lineTo(w / 2 - 6, h / 2)
        path.lineTo(-w / 2 + 6, h / 2)
        path.closeSubpath()
    else:
        path.addRoundedRect(QRectF(-w / 2, -h / 2, w, h), 10, 10)
    return path


def paint_icon(p: QPainter, kind: str, sub: str, colour: QColor) -> None:
    """A simple line icon inside the node, drawn in `colour`."""
    pen = QPen(colour, 3.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if kind in ("user", "root"):
        _person(p, 0, 0)
        if kind == "root":
            crown = QPolygonF([QPointF(-10, -20), QPointF(-10, -27), QPointF(-5, -23), QPointF(0, -29),
                               QPointF(5, -23), QPointF(10, -27), QPointF(10, -20)])
            p.drawPolyline(crown)
    elif kind == "group":
        _person(p, -11, 2, 0.8)
        _person(p, 11, 2, 0.8)
        _person(p, 0, -2)
    elif kind == "role":
        p.drawRoundedRect(QRectF(-13, -10, 26, 20), 4, 4)
        p.drawLine(QPointF(-13, -3), QPointF(13, -3))
        p.drawEllipse(QPointF(0, 4), 3, 3)
        p.drawArc(QRectF(-7, -18, 14, 14), 0, 180 * 16)
    elif kind == "policy":
        for i, y in enumerate((-12, -4, 4, 12)):
            p.drawLine(QPointF(-12, y), QPointF(8 if i % 2 else 12, y))
    else:
        _resource_icon(p, sub)


def _person(p: QPainter, x: float, y: float, s: float = 1.0) -> None:
    p.drawEllipse(QPointF(x, y - 8 * s), 6 * s, 6 * s)
    p.drawArc(QRectF(x - 12 * s, y + 1 * s, 24 * s, 22 * s), 0, 180 * 16)


def _resource_icon(p: QPainter, sub: str) -> None:
    if sub in ("s3", "s3object"):
        bucket = QPolygonF([QPointF(-14, -10), QPointF(14, -10), QPointF(10, 14), QPointF(-10, 14)])
        p.drawPolygon(bucket)
        p.drawEllipse(QRectF(-14, -13, 28, 6))
        if sub == "s3object":
            p.drawRect(QRectF(-4, -2, 8, 9))
    elif sub == "ec2":
        p.drawRect(QRectF(-11, -11, 22, 22))
        for t in (-6, 0, 6):
            p.drawLine(QPointF(t, -16), QPointF(t, -11))
            p.drawLine(QPointF(t, 11), QPointF(t, 16))
            p.drawLine(QPointF(-16, t), QPointF(-11, t))
            p.drawLine(QPointF(11, t), QPointF(16, t))
    elif sub == "lambda":
        p.drawLine(QPointF(-10, -14), QPointF(-4, -14))
        p.drawLine(QPointF(-4, -14), QPointF(10, 14))
        p.drawLine(QPointF(1, -4), QPointF(-10, 14))
    elif sub == "dynamodb":
        p.drawEllipse(QRectF(-13, -15, 26, 8))
        p.drawLine(QPointF(-13, -11), QPointF(-13, 11))
        p.drawLine(QPointF(13, -11), QPointF(13, 11))
        p.drawArc(QRectF(-13, 7, 26, 8), 180 * 16, 180 * 16)
        p.drawArc(QRectF(-13, -2, 26, 8), 180 * 16, 180 * 16)
    elif sub == "kms":
        p.drawEllipse(QPointF(-7, 0), 7, 7)
        p.drawLine(QPointF(0, 0), QPointF(15, 0))
        p.drawLine(QPointF(10, 0), QPointF(10, 6))
        p.drawLine(QPointF(15, 0), QPointF(15, 6))
    else:
        p.drawPath(_polygon(6, 13))
        p.drawEllipse(QPointF(0, 0), 3, 3)
