"""python -m lintlaw"""

from lintlaw.cli import main

main()
