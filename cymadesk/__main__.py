"""Entry point for `python -m cymadesk`."""

import sys

from cymadesk.cli import main

sys.exit(main())
