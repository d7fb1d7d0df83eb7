"""`python -m pipeline` runs the command line.

Run with a Python that lacks the pipeline's packages (not the project's `.venv`), it says so
in one line instead of a traceback. Guarded, because a second process started by "spawn"
imports this module again.
"""

import os
import sys

try:
    from pipeline.cli import STOPPED, main
except ModuleNotFoundError as error:
    print(
        f"This Python does not have the packages the pipeline needs ({error.name} is "
        "missing). Run `make setup` once, then `make report`, or run "
        "`.venv/bin/python -m pipeline report …` (on Windows "
        "`.venv\\Scripts\\python -m pipeline report …`).",
        file=sys.stderr,
    )
    sys.exit(2)

if __name__ == "__main__":
    code = main()
    if code == STOPPED:
        # Stopped by Ctrl-C, cleanly: the run has already ended its second process and removed
        # its temporary folder. Leave now with that status; without this, the interpreter's own
        # exit sometimes reported the interrupt again and ended by the signal instead.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(STOPPED)
    sys.exit(code)
