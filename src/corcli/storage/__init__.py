"""Storage: reading and writing the workspace's files (YAML, atomic writes, locks) and finding built-in resources."""
