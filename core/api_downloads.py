"""API views that send a file (a certificate's PDF, a lesson's attachment)."""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView


class AnyAccepted(BaseContentNegotiation):
    """The file goes out as it is, and an error in the API's JSON body, whatever `Accept` asks
    for: a client asking for `application/pdf` gets the PDF, not a 406."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DownloadView(APIView):
    content_negotiation_class = AnyAccepted
