"""`python -m checker` is the same as the `amiable` command."""

import sys

from checker.cli import main

sys.exit(main())
