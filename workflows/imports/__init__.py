"""The CSV import page (schools and pupils)."""
