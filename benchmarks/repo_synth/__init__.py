"""Templates of the synthetic benchmark repository, one module per format.

``generate_repo.py`` (one level up) plans the repository and calls these modules; each module
turns a seeded ``random.Random`` into file contents and never touches the file system.
"""
