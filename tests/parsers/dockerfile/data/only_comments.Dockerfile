# nothing to build here

# still nothing
