"""`{% fragment key %}…{% endfragment %}`: the enclosed part of a page kept in the cache under
`key` (core.page_cache.fragment_key), or rendered every time when the key is empty. The view
passes the expensive data lazily, so a kept fragment costs no query and no loop."""

from django import template
from django.core.cache import cache

from core.page_cache import PAGE_SECONDS

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, PAGE_SECONDS)
        return html


@register.tag
def fragment(parser, token):
    try:
        _tag, key = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("{% fragment key %} takes one argument") from error
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(key))
