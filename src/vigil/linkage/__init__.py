"""Linkage: from signals to accounts, networks and re-emergence."""
