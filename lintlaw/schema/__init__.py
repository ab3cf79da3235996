"""JSON Schemas for rule files, section definitions and configuration (package data)."""
