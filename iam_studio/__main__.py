"""`python -m iam_studio` behaves like the `iam-studio` command."""
import sys

from .launcher import main

sys.exit(main())
