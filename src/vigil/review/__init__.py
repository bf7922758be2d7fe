"""Review: people decide, a second person approves."""
