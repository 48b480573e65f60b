"""Bench-only views and middleware: the hello-world yardstick H, a signed-in hello, and a header
with the number of database queries a request ran."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.db import connections
from django.http import HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


def hello(request):
    """H: a plain response through the whole middleware stack, anonymous."""
    return HttpResponse("Hello")


def hello_user(request):
    """The signed-in hello: the session and the user are loaded, nothing else."""
    return HttpResponse(f"Hello {request.user.pk}")


@contextmanager
def counted_queries() -> Iterator[list[int]]:
    """Counts the statements Django sends on every database connection while open (in
    `counter[0]`): reads and writes, savepoints included; BEGIN and COMMIT, which the driver
    sends for a transaction, are not Django's statements and are not counted."""
    counter = [0]

    def count(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(count))
        yield counter


class QueryCountMiddleware:
    """Outermost: counts every query of the request (sessions, users, the view) and returns the
    count in a response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with counted_queries() as counter:
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(counter[0])
        return response
