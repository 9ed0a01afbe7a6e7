"""Rules: pure functions over models (eligibility, scoring, the certification cycle); no I/O, no clock."""
