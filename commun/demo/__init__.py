"""The demo: two fictional, bilingual initiatives of one network, loaded by `commun demo` and the
test suite. `loader.load_demo` calls each app's step in order; `cast` names who is who; `data/`
holds the literal content, in French and English side by side."""
