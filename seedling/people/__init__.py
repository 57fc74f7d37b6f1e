"""People: the personal file (一人一档) of each child and left-behind woman, with parents and duplicates."""
