from i18nflow.cli import main

main()
