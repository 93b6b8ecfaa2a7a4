"""Kompass: evaluation, surveys, key ratios and follow-up for Swedish municipalities."""

__version__ = "0.1.0"
