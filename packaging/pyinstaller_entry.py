"""Entry point of the PyInstaller bundle: the same ``main`` as the ``nn-playground`` command."""

from playground.cli import main

raise SystemExit(main())
