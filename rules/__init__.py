"""Built-in rule packs: one YAML file per rule, installed as package data of lintlaw.rules."""
