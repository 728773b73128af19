"""Settings for the race tests on a SQLite file (tests/reliability/test_races__sqlite_file.py).

Django tests SQLite in a shared in-memory database unless told otherwise; the quick start's races happen
on a file (WAL, busy timeout, IMMEDIATE transactions as in config/settings.py), so the test database is a
file next to the one DATABASE_URL names.
"""

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}-test"}
