"""Administrative divisions: province > city > county > township > village, 12-digit statistical codes."""
