"""The registry's history (DESIGN §4 History): what changed between two revisions (compare.py),
the rules that guard recorded designations (rules.py, `zaitaku check --base REV`), and reading a
revision safely, with exit-2 advice for a shallow clone (revision.py). Rendering of `zaitaku diff`
is in render.py; everything here except revision.py is pure over two typed registries."""
