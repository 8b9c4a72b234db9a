from seamwatch.cli import main

main()
