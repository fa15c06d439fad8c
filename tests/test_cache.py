"""The shared file cache makes room, as Django's does, but without listing its whole folder at
every write (which cost a page computing its figures more than the figures)."""

from commun import cache as shared_cache
from commun.cache import CULL_EVERY, FileCache


def test_the_file_cache_lists_its_folder_once_every_hundred_writes_and_stays_bounded(
    tmp_path, monkeypatch
):
    folder = tmp_path / "cache"
    store = FileCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": 400, "CULL_FREQUENCY": 3}})
    listings = []
    listed = FileCache._list_cache_files

    def counting(self):
        listings.append(1)
        return listed(self)

    monkeypatch.setattr(FileCache, "_list_cache_files", counting)
    monkeypatch.setattr(shared_cache, "_writes", iter(range(10**6)))
    writes = 6 * CULL_EVERY
    for number in range(writes):
        store.set(f"key-{number}", number)
    assert len(listings) == writes // CULL_EVERY  # Django's own lists at every write
    files = list(folder.iterdir())
    assert len(files) < writes  # room was made
    assert len(files) <= 400 + CULL_EVERY
    assert store.get(f"key-{writes - 1}") == writes - 1
