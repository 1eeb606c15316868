"""python -m drafter"""

from drafter.cli import run

run()
