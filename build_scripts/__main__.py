"""``python -m build_scripts``: the command line."""

from build_scripts.cli import main

raise SystemExit(main())
