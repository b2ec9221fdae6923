"""Entry point of the PyInstaller bundle: the same ``main`` as the ``nn-playground`` command."""

import multiprocessing

from playground.cli import main

# The trainer process is spawned from the bundle's own executable: it must run the trainer,
# not the app, when started that way.
multiprocessing.freeze_support()
raise SystemExit(main())
