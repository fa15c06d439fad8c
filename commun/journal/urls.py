"""The journal's pages: observed outcomes (`outcome_urls`), substantiation, progress markers and
harvests (`harvest_urls`), learning sessions (`learning_urls`)."""

from commun.journal import harvest_urls, learning_urls, outcome_urls

app_name = "journal"

urlpatterns = outcome_urls.urlpatterns + harvest_urls.urlpatterns + learning_urls.urlpatterns
