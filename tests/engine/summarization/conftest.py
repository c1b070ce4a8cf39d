"""Fixtures of the summarization tests."""

from __future__ import annotations

import pytest

from engine.datasets import load_dataset


@pytest.fixture(scope="session")
def karate():
    return load_dataset("karate_club")
