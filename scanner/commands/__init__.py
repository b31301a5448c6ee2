"""Sub-commands of the ``bastion`` CLI, one module each, registered in ``scanner.cli``.

Importing a command module stays cheap: heavy modules load when the command runs.
"""
