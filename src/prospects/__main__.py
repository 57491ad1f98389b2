from prospects.cli import main

main()
