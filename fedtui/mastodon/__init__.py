"""mastodon package."""
