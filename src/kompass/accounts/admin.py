from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kompass.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class KompassUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Kompass"), {"fields": ("is_evaluator",)}))
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_evaluator",
        "is_superuser",
        "is_active",
    )
    list_filter = ("is_evaluator", "is_superuser", "is_active")
    inlines = [MembershipInline]
