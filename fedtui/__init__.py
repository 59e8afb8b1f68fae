"""fedtui: a keyboard-driven terminal Fediverse client with an on-device language model."""

__version__ = "0.1.0"
