"""Referral: removal requests, their channels, and following them to the end."""
