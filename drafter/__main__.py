"""python -m drafter"""

from drafter.entry import run

# (Guarded: a child process the TUI builds the search index in imports this module
# again, as __mp_main__, and must not start the CLI.)
if __name__ == "__main__":
    run()
