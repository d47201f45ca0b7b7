"""Rules: quantification (stub; filled in by the catalogue)."""
