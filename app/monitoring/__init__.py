"""Monitoring: realisation, evidence, verification, achievement (DOMAIN.md §2) and dashboards."""
