"""Shared measurement of one initiative, under /initiatives/<slug>/measurement/."""

from django.urls import path

from commun.measurement import (
    dhis2_views,
    entry_views,
    import_views,
    indicator_views,
    review_views,
    structure_views,
    token_views,
    views,
)

app_name = "measurement"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("entry/", entry_views.entry, name="entry"),
    path("review/", review_views.review_queue, name="review"),
    path("indicators/new/", indicator_views.indicator_new, name="indicator_new"),
    path("indicators/<slug:code>/", indicator_views.indicator, name="indicator"),
    path("indicators/<slug:code>/edit/", indicator_views.indicator_edit, name="indicator_edit"),
    path("completeness/", views.completeness_view, name="completeness"),
    path("indicators/<slug:code>/data.csv", indicator_views.indicator_csv, name="indicator_csv"),
    path("indicators/<slug:code>/chart.png", indicator_views.indicator_png, name="indicator_png"),
    path("import/", import_views.upload, name="import"),
    path("import/template.xlsx", import_views.template, name="import_template"),
    path("import/<int:job_id>/", import_views.preview, name="import_preview"),
    path("import/<int:job_id>/run/", import_views.run, name="import_run"),
    path("import/<int:job_id>/places/", import_views.places, name="import_places"),
    path("import/<int:job_id>/status/", import_views.job, name="import_job"),
    path("import/<int:job_id>/retry/", import_views.retry, name="import_retry"),
    path("import/<int:job_id>/profile/", import_views.profile_save, name="import_profile_save"),
    path(
        "import/profiles/<int:profile_id>/delete/",
        import_views.profile_delete,
        name="import_profile_delete",
    ),
    path("structure/", structure_views.structure, name="structure"),
    path(
        "structure/territories/file/",
        structure_views.territories_import,
        name="territories_import",
    ),
    path(
        "structure/territories/<int:territory_id>/",
        structure_views.territory_edit,
        name="territory_edit",
    ),
    path(
        "structure/territories/<int:territory_id>/aliases/",
        structure_views.territory_alias_add,
        name="territory_alias_add",
    ),
    path(
        "structure/aliases/<int:alias_id>/delete/",
        structure_views.territory_alias_delete,
        name="territory_alias_delete",
    ),
    path(
        "structure/territories/<int:territory_id>/delete/",
        structure_views.territory_delete,
        name="territory_delete",
    ),
    path(
        "structure/disaggregations/<int:dimension_id>/categories/",
        structure_views.category_add,
        name="category_add",
    ),
    path(
        "structure/categories/<int:category_id>/delete/",
        structure_views.category_delete,
        name="category_delete",
    ),
    path("ecosystem/", views.ecosystem, name="ecosystem"),
    path("api-tokens/", token_views.tokens, name="tokens"),
    path("api-tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("dhis2/", dhis2_views.mappings, name="dhis2"),
    path("dhis2/<int:mapping_id>/", dhis2_views.mapping_edit, name="dhis2_mapping_edit"),
    path("dhis2/<int:mapping_id>/map/", dhis2_views.mapping_map, name="dhis2_mapping_map"),
    path("dhis2/<int:mapping_id>/delete/", dhis2_views.mapping_delete, name="dhis2_mapping_delete"),
]
