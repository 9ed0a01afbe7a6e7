"""Services: one use case each, returning results and warnings; they never print."""
