"""The server's worker process as `gunicorn kompass.wsgi` starts it: views imported while
it starts, and what start-up built frozen out of the garbage collector's way (a full
collection walking it cost the page being served 100-200 ms; see kompass/wsgi.py)."""

import subprocess
import sys

import pytest

PROBE = """
import gc, sys
import kompass.wsgi
print(gc.get_freeze_count(), "kompass.evaluations.views" in sys.modules)
"""


@pytest.mark.subprocess
def test_a_worker_starts_with_its_views_imported_and_start_up_frozen():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    frozen, views = done.stdout.split()
    assert int(frozen) > 100_000
    assert views == "True"
