# Django's Arabic formats set no date-time patterns, so dates with a time fell back to the English
# "N j, Y, P" ("مارس 5, 2026, 2:07 م"). Patterns in the order of Django's Arabic DATE_FORMAT.
DATETIME_FORMAT = "j F، Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y، g:i A"
# CLDR's Arabic with Latin digits (the digits this site prints): 1,234.5, as in Egypt and the Gulf
# states and as browsers format it; Django's "1.234,5" is the Maghreb's usage.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
