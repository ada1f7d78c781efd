from i18nflow.cli import command

command()
