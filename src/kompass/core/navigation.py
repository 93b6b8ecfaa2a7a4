"""Menu entries and start-page panels contributed by the domain apps.

Each app registers its own in `AppConfig.ready()`, so adding a domain touches no shared
template: the menu and the start page ask this registry.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuEntry:
    label: str  # lazy translation
    url_name: str
    order: int
    visible: Callable | None = None  # visible(user) -> bool


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable  # context(request) -> dict | None (None hides the panel)
    order: int


_menu: list[MenuEntry] = []
_panels: list[HomePanel] = []


def register_menu(label, url_name: str, order: int = 50, visible=None) -> None:
    if not any(e.url_name == url_name for e in _menu):
        _menu.append(MenuEntry(label, url_name, order, visible))
        _menu.sort(key=lambda e: e.order)


def register_home_panel(template: str, context, order: int = 50) -> None:
    if not any(p.template == template for p in _panels):
        _panels.append(HomePanel(template, context, order))
        _panels.sort(key=lambda p: p.order)


def menu_for(request) -> list[dict]:
    current = request.path
    items = []
    for entry in _menu:
        if entry.visible is not None and not entry.visible(request.user):
            continue
        url = reverse(entry.url_name)
        items.append(
            {"label": entry.label, "url": url, "current": current.startswith(url) and url != "/"}
        )
    return items


def panels_for(request) -> list[dict]:
    out = []
    for panel in _panels:
        context = panel.context(request)
        if context is not None:
            out.append({"template": panel.template, "context": context})
    return out


@dataclass(frozen=True)
class Slot:
    """A place on another app's page where an app adds content (e.g. the follow-up app
    adds "create an action plan" to an evaluation page)."""

    template: str
    context: Callable  # context(request, obj) -> dict | None (None: nothing to show)
    order: int


_slots: dict[str, list[Slot]] = {}


def register_slot(name: str, template: str, context, order: int = 50) -> None:
    entries = _slots.setdefault(name, [])
    if not any(s.template == template for s in entries):
        entries.append(Slot(template, context, order))
        entries.sort(key=lambda s: s.order)


def slot_items(name: str, request, obj) -> list[dict]:
    out = []
    for slot in _slots.get(name, []):
        context = slot.context(request, obj)
        if context is not None:
            out.append({"template": slot.template, "context": context})
    return out
