from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_home, name="home"),
    path("mes-donnees/", views.download_data, name="download_data"),
    path("supprimer/", views.delete_account, name="delete"),
]
