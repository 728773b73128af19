"""The home page per role and the term overview."""
