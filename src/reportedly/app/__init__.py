"""The application layer: what the front ends call, over a store, returning records.

One module per concern: `quantities` (the quantity view and the quantity list).
Front ends (the CLI, a web front end) parse their input, call these, and render
what they return; they hold no orchestration of their own.
"""
