"""Amiable: a rules-as-data compliance checker for French amicable debt-collection letters."""

__version__ = "0.1.0"
