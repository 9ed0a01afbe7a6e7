"""Catalog: jurisdictions, certifying partners and audit standards, loaded from data folders and cross-checked."""
