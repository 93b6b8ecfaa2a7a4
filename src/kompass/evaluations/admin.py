from django.contrib import admin

from kompass.evaluations.models import AuditEntry, Evaluation


class AuditInline(admin.TabularInline):
    model = AuditEntry
    extra = 0
    fields = ("at", "user", "field", "before", "after")
    readonly_fields = fields
    can_delete = False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only here: scores and texts change in the app, where every change is audited."""

    list_display = ("organisation", "date", "framework", "status", "is_example")
    list_filter = ("status", "framework", "is_example")
    search_fields = ("organisation__name", "organisation__code")
    inlines = [AuditInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
