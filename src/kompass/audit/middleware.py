"""Every request runs with `kompass.audit.actor.during_request`, so a change recorded
during it without an explicit user names the signed-in user (or the API key's user)."""

from kompass.audit.actor import during_request


class RequestActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with during_request(request):
            return self.get_response(request)
