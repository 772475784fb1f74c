"""Exit status of every command (DESIGN §6): 0 clean or done, 1 findings at error level or a
refused edit or export, 2 a usage error or a registry that cannot be read; and how the `zaitaku`
program ends (hold/keep: what a command built is never freed, cli.run)."""

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


# What the running command built and would free piece by piece just before the process ends
# (a national registry's model: 0.17 s of a 2 s check). Held only while the `zaitaku` program
# runs (cli.run, which then ends the process without freeing anything); None otherwise, so a
# caller in a longer-lived process (the tests, a library user) frees as usual.
_held: list | None = None


def hold() -> None:
    """From now on, keep() holds what it is given to the end of the process."""
    global _held
    if _held is None:
        _held = []


def held() -> bool:
    """True in the `zaitaku` program (after hold()): what a command builds lives to its end."""
    return _held is not None


def keep(value) -> None:
    """Hold `value` (a checked registry: check.check_state's) until the process ends, when it
    is never freed (see cli.run); nothing when the process is not the `zaitaku` program. At
    most a few values a command (diff and check --base read two registries)."""
    if _held is not None:
        _held.append(value)
