"""Chinese text utilities shared by every stage."""
