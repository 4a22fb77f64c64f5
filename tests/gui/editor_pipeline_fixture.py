"""A small scenario shared by the editor, builder, pipeline and lesson tests."""
from pathlib import Path

from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.document import ScenarioDocument

SCENARIO = Path(__file__).parent / "data" / "editor_pipeline.yaml"


def make_document() -> ScenarioDocument:
    scenario, diagnostics = load_scenario(str(SCENARIO))
    assert scenario is not None, diagnostics
    return ScenarioDocument(scenario, str(SCENARIO))
