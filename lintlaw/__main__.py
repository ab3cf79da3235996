"""python -m lintlaw"""

from lintlaw.cli import entry

entry()
