"""``python -m mutualcommit``: the command line."""

import sys

from mutualcommit.cli import main

sys.exit(main())
