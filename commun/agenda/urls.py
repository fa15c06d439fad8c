"""The common agenda of one initiative, under /initiatives/<slug>/agenda/."""

from django.urls import path

from commun.agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("document/", views.document, name="document"),
    path("document.pdf", views.document_pdf, name="document_pdf"),
    path("versions/", views.versions, name="versions"),
    path("versions/publish/", views.publish, name="publish"),
    path("versions/compare/", views.compare, name="compare"),
    path("versions/<int:number>/", views.version, name="version"),
    path("versions/<int:number>/endorse/", views.endorse, name="endorse"),
    path("scores/", views.scores, name="scores"),
    path("comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("canvas/<slug:key>/", views.canvas, name="canvas"),
    path("canvas/<slug:key>/edit/", views.canvas_edit, name="canvas_edit"),
    path("canvas/<slug:key>/comments/", views.comment_add, name="comment_add"),
]
