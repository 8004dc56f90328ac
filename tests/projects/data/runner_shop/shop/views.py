from django.http import HttpResponse, HttpResponseNotFound


def home(request: object) -> HttpResponse:
    return HttpResponse("shop")


def not_found(request: object, exception: object) -> HttpResponseNotFound:
    return HttpResponseNotFound("not here")
