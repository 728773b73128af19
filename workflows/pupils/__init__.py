"""Pupil pages: search, the pupil page, a new pupil and the pickers of the forms."""
