"""Session fixtures of the SBOM tests: the inventories of the fixture repositories."""

from __future__ import annotations

import pytest
from sbom_helpers import EXAMPLE, REPOS, inventory_of

from sbom.inventory import Inventory


@pytest.fixture(scope="session")
def full_inventory() -> Inventory:
    """The inventory of tests/sbom/repos/full, a repository with every kind of component."""
    return inventory_of(REPOS / "full", "full")


@pytest.fixture(scope="session")
def example_inventory() -> Inventory:
    """The inventory of fixtures/example."""
    return inventory_of(EXAMPLE, "example")
