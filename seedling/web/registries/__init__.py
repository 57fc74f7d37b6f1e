"""Pages of the registries and of the provincial eligibility policy."""
