class FrameworkImportError(Exception):
    """A framework file that cannot be imported.

    `errors` lists every problem found, each a complete sentence that starts with where it is:
    a CSV row ("row 7: …") or a JSON path ("CFItems[3].fullStatement: …").
    """

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors
