from __future__ import annotations

from collections.abc import Iterator

import pytest

from liaison_app.domain.i18n import set_language


@pytest.fixture(autouse=True)
def _chinese_by_default() -> Iterator[None]:
    """Each test starts and ends in Chinese, whatever language the previous one chose."""
    set_language("zh_CN")
    yield
    set_language("zh_CN")
