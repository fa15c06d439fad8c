"""The framework: the top floor of Commun.

It lists, once and in order, the modules in which each condition app hands up its section
(`registry.py`), and composes from them what spans the conditions: the home page and its action
frame (`home.py`), the navigation, the history of changes, the public page, the index and the
network page. It imports the apps; no app imports it. The contract the apps fill in is
`commun/sections.py`.
"""
