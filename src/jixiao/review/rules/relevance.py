"""Rules: relevance (stub; filled in by the catalogue)."""
