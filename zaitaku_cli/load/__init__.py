"""Loading: bytes -> text -> YAML nodes -> plain values, every problem located.

`read_document(rel, data)` never raises for bad input: it returns a Document (possibly without a
value) and a list of Problems with line and column.
"""

from zaitaku_cli.load.document import Document, Problem, read_document

__all__ = ["Document", "Problem", "read_document"]
