"""Adapter over Mastodon.py (no Textual): `client.InstanceClient` for REST calls,
`streaming.LiveFeed` for live updates, `auth` for OAuth login, `session` for errors.

Nothing is imported here so that `import fedtui.mastodon` stays cheap; Mastodon.py itself
is imported on first use.
"""
