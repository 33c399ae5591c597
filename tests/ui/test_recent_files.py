"""Open Recent survives a restart with exactly one project in it (an INI settings file gives
a one-item list back as a plain string)."""

from __future__ import annotations

from studio.ui.window_files import _recent_projects, settings_store


def test_one_recent_project_comes_back_as_one_entry(own_config, tmp_path):
    path = str(tmp_path / "hoodie.studio.json")
    store = settings_store()
    store.setValue("recent", [path])
    store.sync()
    del store
    assert _recent_projects(settings_store()) == [path]  # a new store reads the file again


def test_several_and_none(own_config, tmp_path):
    paths = [str(tmp_path / f"p{i}.studio.json") for i in range(3)]
    store = settings_store()
    assert _recent_projects(store) == []
    store.setValue("recent", paths)
    store.sync()
    assert _recent_projects(settings_store()) == paths
