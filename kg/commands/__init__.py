"""Sub-commands of the kg CLI, one module each (see kg/cli.py)."""
