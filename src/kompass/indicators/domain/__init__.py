"""Indicator and key-ratio logic: views, commands and the API call these functions."""
