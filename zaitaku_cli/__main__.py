from zaitaku_cli.cli import run

run()
