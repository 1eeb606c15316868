"""The parts of the draft screen, each a widget that shows what it is given and posts
a message when the writer does something in it (the outline, the phrase search, the
checks, the preview, the status line).  The screen wires those messages to the draft's
editor; no component changes the draft itself."""
