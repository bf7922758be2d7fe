"""Text handling shared by the registry matcher and the text models."""

from vigil.text.normalise import fold_script, normalise, skeleton_key

__all__ = ["fold_script", "normalise", "skeleton_key"]
