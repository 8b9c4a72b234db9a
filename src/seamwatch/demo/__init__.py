"""`seamwatch demo`: the product end to end on embedded defaults, in one process."""
