"""The Kolada API v3 client (`client.py`), the import of Kolada figures into key-ratio tables
and indicators (`importer.py`) and the refreshing of recorded answers (`recording.py`)."""
