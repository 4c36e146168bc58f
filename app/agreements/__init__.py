"""Perjanjian Kinerja (performance agreements): drafting, cascading, signing, revisions, the official PDF."""
