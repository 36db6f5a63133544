"""Where the file dialog of an empty picker opens: the folder of the last file chosen in
this session, else the documents folder, never the folder the app was started from."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from liaison_app.ui.widgets.pickers import FilePicker


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(FilePicker, "last_folder", None)
    monkeypatch.chdir(tmp_path)  # the folder the app "was started from"
    yield


def test_an_empty_picker_opens_in_the_documents_folder(qtbot) -> None:
    picker = FilePicker(save=False)
    qtbot.addWidget(picker)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if documents and Path(documents).is_dir() else str(Path.home())
    assert picker.start() == expected != os.getcwd()


def test_the_next_picker_opens_where_the_last_file_was_chosen(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    first = FilePicker(save=False)
    qtbot.addWidget(first)
    first.chosen(str(folder / "台账.xlsx"))
    assert first.path() == folder / "台账.xlsx"
    second = FilePicker(save=False)
    qtbot.addWidget(second)
    assert second.start() == str(folder)
    second.set_path(tmp_path / "typed.xlsx")
    assert second.start() == str(tmp_path / "typed.xlsx")  # what is typed comes first
