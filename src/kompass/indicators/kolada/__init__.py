"""The Kolada API client (`client.py`), recorded answers for offline use (`replay.py`) and
the import of Kolada figures into key-ratio tables and indicators (`importer.py`)."""
