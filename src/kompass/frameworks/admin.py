from django.contrib import admin

from kompass.frameworks.models import Framework


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Read-only: frameworks change through their YAML files (`kompass framework load`)."""

    list_display = ("identifier", "name", "version", "kind", "loaded_at")
    readonly_fields = (
        "identifier",
        "family",
        "name",
        "version",
        "kind",
        "source_text",
        "checksum",
        "loaded_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
