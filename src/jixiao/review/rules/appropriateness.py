"""Rules: appropriateness (stub; filled in by the catalogue)."""
