"""Case files (dossiers): contact histories checked against rules over time."""
