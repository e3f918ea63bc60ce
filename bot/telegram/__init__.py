"""Telegram: the channel (polling or webhook), its buttons table and message format."""
