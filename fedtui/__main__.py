"""`python -m fedtui`."""

from fedtui.cli import main

raise SystemExit(main())
