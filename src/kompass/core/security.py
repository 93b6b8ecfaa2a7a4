"""The Content-Security-Policy header on every response.

The policy is strict: scripts and stylesheets come only from our own static files (no
inline `<script>`, no `onclick=`, no `style=` attributes, no `eval`), nothing may frame
our pages, and plugins are off. A page that needs an inline script or style would be
broken by it, which is the point: the browser refuses injected code even if an escaping
mistake ever let some through. The policy is set in `settings.CONTENT_SECURITY_POLICY`
(docs/settings.md); an empty value turns the header off.
"""

import functools
import re

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


def framed_by_own_pages(view):
    """For a page that Kompass itself shows in a frame (the phone-sized preview of a
    survey form): the same policy, except that our own pages may frame it. Pairs with
    Django's `xframe_options_sameorigin`."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            policy = re.sub(r"frame-ancestors[^;]*", "frame-ancestors 'self'", policy)
            if "frame-ancestors" not in policy:
                policy += "; frame-ancestors 'self'"
            response["Content-Security-Policy"] = policy
        return response

    return wrapped
