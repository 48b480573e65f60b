"""Bench-only views and middleware: the hello-world yardstick H, a signed-in hello, and a header
with the number of database queries a request ran."""

from django.db import connections
from django.http import HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


def hello(request):
    """H: a plain response through the whole middleware stack, anonymous."""
    return HttpResponse("Hello")


def hello_user(request):
    """The signed-in hello: the session and the user are loaded, nothing else."""
    return HttpResponse(f"Hello {request.user.pk}")


class QueryCountMiddleware:
    """Outermost: counts every query of the request (sessions, users, the view) on every
    database connection, and returns the count in a response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(count[0])
        return response
