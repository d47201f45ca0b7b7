"""Rules: completeness (stub; filled in by the catalogue)."""
