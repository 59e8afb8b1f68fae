"""Subcommands: each module has `register(subparsers)` and sets a handler."""
