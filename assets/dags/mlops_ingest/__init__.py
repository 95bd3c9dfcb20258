"""Library code of the daily ingestion DAG (ingest_daily.py).

Kept out of the DAG file so that the scheduler's parse of the DAG stays cheap (no pandas, no
network clients at import time) and so that the tests can call each step directly. The folder
is listed in .airflowignore: it holds no DAG, and parsing its modules as DAG files would break
their relative imports.
"""
