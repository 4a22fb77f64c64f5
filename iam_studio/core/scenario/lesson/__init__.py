"""The `lesson` block of a scenario file: its model (`Lesson`, `Step`, goals), its reader, the names it
uses (so renames and deletes carry them along or refuse) and its stored solutions.

These are part of the file format, so they sit with the scenario; the lessons' behaviour (goals
evaluated by the engine, progress, a run through the steps) is `core/lessons`, whose package
exports these names too.
"""
