"""Click commands kept out of cli.py; registered lazily in cli.LAZY_COMMANDS."""
