"""`{% report_url kind key fmt query %}`: a download link through the one export path."""

from django import template

from kompass.reports.exports import download_url

register = template.Library()


@register.simple_tag
def report_url(kind, key, fmt, query=""):
    return download_url(kind, key, fmt, query)
