"""The IAM policy language: documents with source positions, grammar checks, diagnostics."""
