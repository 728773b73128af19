"""Demo data per route, loaded by `manage.py seed_demo` (cases/management/commands/seed_demo.py)."""
