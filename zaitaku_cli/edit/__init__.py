"""Recording decisions in the registry without losing what a file holds (DESIGN §6, §7).

    records.py    RECORD (a path, KIND/ID or a bare id) -> the record's file
    roundtrip.py  an edit of a record's text that changes only the values it sets
    decision.py   designate / withdraw: what to change, and the re-check before writing (every
                  command that records something runs through its record_decision)
    steps.py      step / share: a dated step before the designation, the day shared with the 保健所
    atomic.py     write through a temporary file, refusing if the file changed meanwhile
    gitops.py     --commit: refuse on a dirty file (or commit its change first), commit only that
                  file (GitPython, lazily)
    lock.py       one edit of a registry at a time: the lock held from reading to committing
    templates.py  the commented templates of `zaitaku new`

Nothing here is imported by `zaitaku check` or at start-up.
"""
