from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as site_urlpatterns
from tests.benchmarks import views

urlpatterns = [
    path("bench/hello/", views.hello, name="bench-hello"),
    path("bench/hello-user/", views.hello_user, name="bench-hello-user"),
    *site_urlpatterns,
]
