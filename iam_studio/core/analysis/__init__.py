"""Analyses built on the engine: what would flip a decision, and which decisions an edit changed."""
