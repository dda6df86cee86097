"""The application layer: what a front end asks of reportedly, one call each.

It sits between the analysis (reportedly.analyse) and the front ends (the CLI,
a web front end): each function takes an open store and plain options, does the
whole job -- ingesting a stream, re-extracting, merging entities, the quantity
view, source profiles, exports -- and returns records, or yields progress
events, never text. A front end only parses its input and renders what comes
back. reportedly.api exposes it as the public Python API.
"""
