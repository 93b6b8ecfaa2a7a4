from kompass.core.navigation import menu_for


def navigation(request):
    """The main menu. Computed once per request: a page that renders pieces of itself
    with the request (report blocks, slots) would otherwise ask every app again (each
    visibility check is a query)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"main_menu": []}
    menu = getattr(request, "_kompass_main_menu", None)
    if menu is None:
        menu = request._kompass_main_menu = menu_for(request)
    return {"main_menu": menu}
