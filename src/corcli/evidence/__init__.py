"""Evidence: the files a company keeps for its audit, how they are named, indexed, hashed and scanned."""
