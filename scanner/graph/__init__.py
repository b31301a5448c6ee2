"""Building the normalized graph: read files in workers, assemble formats, link, sort."""
