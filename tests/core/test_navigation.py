"""The main menu is worked out once per request, however many pieces of the page are
rendered with the request (each app's visibility check is a query)."""

from django.test import RequestFactory

from kompass.core.context_processors import navigation


def test_the_menu_is_computed_once_per_request(cast, django_assert_num_queries):
    request = RequestFactory().get("/nyckeltal/")
    request.user = cast["reader"]
    first = navigation(request)["main_menu"]
    assert "/nyckeltal/" in [item["url"] for item in first]
    with django_assert_num_queries(0):
        assert navigation(request)["main_menu"] is first
    other = RequestFactory().get("/nyckeltal/")
    other.user = cast["reader"]
    assert navigation(other)["main_menu"] is not first
