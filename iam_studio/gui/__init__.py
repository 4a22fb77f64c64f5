"""The desktop face of IAM Studio (PySide6 + pyqtgraph). Entry point: `iam_studio.gui.app.run(path)`."""
