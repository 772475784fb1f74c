from zaitaku_cli.cli import main

main()
