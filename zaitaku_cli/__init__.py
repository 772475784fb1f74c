"""zaitaku: a registry and checker for prefectures' home-medical-care (在宅医療) designations.

The package reads in one direction, which the layout shows:

    load/      bytes -> text -> YAML nodes -> plain values, with file-level findings
    validate/  plain values -> schema findings -> typed model (model.py)
    rules/     one module per rule over the model; registered in rules/__init__.py
    report/    a CheckResult rendered as text, json or github annotations

`check.py` wires them together; `cli.py` is a thin click layer over it.
"""

__version__ = "0.1.0"
