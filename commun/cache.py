"""The cache every worker process shares: Django's file cache, which makes room less often.

Django's `FileBasedCache` lists its whole folder at every write to see whether it holds more than
MAX_ENTRIES files: with thousands of entries (each change of an initiative's figures gives new
keys, `measurement/page_cache.py`), that listing cost a page computing its figures more than
the figures themselves. Here each process makes room at most once every CULL_EVERY writes; the
folder may exceed MAX_ENTRIES by that many entries per process in between.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100
_writes = itertools.count()  # this process's writes, every thread's


class FileCache(FileBasedCache):
    def _cull(self):
        if next(_writes) % CULL_EVERY == 0:
            super()._cull()
