"""Start the test identity provider: bind a free port on 127.0.0.1, print it, serve.

Run by tests/sso/conftest.py as `python -m tests.sso.idp.serve` with IDP_DB, IDP_RSA_KEY,
IDP_CLIENT_ID, IDP_CLIENT_SECRET and IDP_CONTROL_SECRET in the environment.
"""

import os
import sys
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def exit_with_parent(parent: int) -> None:
    """Stop when the test process that started us is gone, even if it was killed."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main() -> None:
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    server = make_server(
        "127.0.0.1", 0, lambda e, s: [], server_class=ThreadingServer, handler_class=QuietHandler
    )
    port = server.server_port
    os.environ["IDP_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sso.idp.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Kompass",
        client_id=os.environ["IDP_CLIENT_ID"],
        client_secret=os.environ["IDP_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server.set_app(WSGIHandler())
    print(f"PORT {port}", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
