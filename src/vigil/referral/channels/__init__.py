"""Channels that carry removal requests to platforms."""
