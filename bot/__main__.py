"""`python -m bot` is the same as the `readout-watch` console script."""

from bot.cli import main

raise SystemExit(main())
