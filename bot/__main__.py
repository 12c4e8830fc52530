"""`python -m bot` is the same program as the `tandem` console script."""

from bot.app.cli import main

raise SystemExit(main())
