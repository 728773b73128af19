"""The flow diagrams: every route's process, and one case's position in it."""
