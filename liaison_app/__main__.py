"""``python -m liaison_app`` is the ``liaison-app`` command."""

from liaison_app.cli import main

main()
