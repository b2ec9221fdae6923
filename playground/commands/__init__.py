"""The bodies of the command-line sub-commands (``train``, ``evaluate``, ``predict``).

``playground.cli`` only builds the parser; these modules import NumPy, the engine and the data
layer when a command actually runs, so ``--help`` stays instant.
"""
