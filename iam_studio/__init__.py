"""IAM Studio: a desktop application that teaches AWS Identity and Access Management."""

__version__ = "0.1.0"
