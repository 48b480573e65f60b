"""`{% fragment key %}…{% endfragment %}`: the enclosed part of a page kept in the cache under
`key` (core.page_cache.fragment_key), or rendered every time when the key is empty. The view
passes the expensive data lazily, so a kept fragment costs no query and no loop."""

from django import template

from core import page_cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        return page_cache.kept(
            self.key.resolve(context) or None, lambda: self.nodelist.render(context)
        )


@register.tag
def fragment(parser, token):
    try:
        _tag, key = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("{% fragment key %} takes one argument") from error
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(key))
