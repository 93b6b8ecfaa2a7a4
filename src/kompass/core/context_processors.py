from kompass.core.navigation import menu_for


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"main_menu": []}
    return {"main_menu": menu_for(request)}
