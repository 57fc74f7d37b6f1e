"""Pages of institutions and children's homes, and their coverage."""
