"""The demo: a synthetic world run through the whole pipeline."""
