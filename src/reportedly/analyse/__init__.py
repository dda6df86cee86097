"""Reconciling figures across articles: quantities, timelines, checks, bands, syndication.

    quantities   which figures measure the same thing (population, category, span)
    timelines    every figure as a claim point; per-claimant series of a quantity
    syndication  near-duplicate articles, equal claims, independent claimants, credibility
    checks       flags: a total that goes down, killed > casualties, parts that do not add up
    bands        per date: conservative, low / best / high, disagreement
    summary      one row per quantity: claims, reports, outlets, independent claimants
    export       claims, figures, entities and quantities to csv, jsonl or parquet
    plot         a quantity's timeline as a PNG or SVG image
    entities     one entity per real-world claimant across articles
    sources      source profiles: claims, relays and reliability per claimant

See docs/analysis.md (and docs/sources.md for entities and sources).
"""
