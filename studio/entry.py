"""The `studio` command: a CLI command when one is named, else the desktop studio.

Kept apart from both so the CLI and the UI stay independent of each other (an import-linter
layers contract checks it): `studio render ...` never loads Qt, `studio` never loads argparse's
command table.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from studio import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_cli(argv):
        return cli.main(argv)
    # `studio`, `studio PATH`, `studio --demo [--screenshot F]`: the desktop studio.
    cli.configure_env()
    from studio.ui.app import main as studio_main

    return studio_main(argv)


if __name__ == "__main__":
    sys.exit(main())
