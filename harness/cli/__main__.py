"""``python -m harness.cli``: the ``clawsim`` command, for clients that start clawsim by its Python."""

from harness.cli import main

main()
