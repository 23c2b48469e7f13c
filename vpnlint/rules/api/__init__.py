"""A rules: what AddVpnConnEx would reject, or silently read as something else."""
