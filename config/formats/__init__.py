"""Date and number formats where Django's own (django/conf/locale/<lang>/formats.py) fall short
of CLDR; FORMAT_MODULE_PATH puts these first, Django's fill in every name not set here."""
