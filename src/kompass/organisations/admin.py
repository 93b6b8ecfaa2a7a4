from django.contrib import admin

from kompass.organisations.models import Organisation, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ("name", "kind", "parent")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "county", "population", "skr_group_code")
    list_filter = ("kind", "county", "skr_group_code")
    search_fields = ("name", "code")
    inlines = [UnitInline]
