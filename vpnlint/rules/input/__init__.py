"""Input (P) rules: the file cannot be read as a spec. Reported by the loaders."""
