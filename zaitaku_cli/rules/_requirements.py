"""Reading a requirement value: true / false / null, or {met: …, evidence: …}."""

MISSING = object()


def met(requirements: dict, item_id: str):
    """True, False, None (unknown) or MISSING."""
    if item_id not in requirements:
        return MISSING
    value = requirements[item_id]
    if isinstance(value, dict):
        return value.get("met")
    return value
