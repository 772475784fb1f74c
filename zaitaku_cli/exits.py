"""Exit status of every command (DESIGN §6): 0 clean or done, 1 findings at error level or a
refused edit or export, 2 a usage error or a registry that cannot be read."""

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
