"""Employee of the month: categories, instruments, rounds, nominations, scoring, decisions, certificates."""
