"""python -m lintlaw"""

from lintlaw.console import entry

entry()
