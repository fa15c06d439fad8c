# Django's format module for English readers (FORMAT_MODULE_PATH = "commun.formatting").
# Dates are written out ("December 3, 2026", "Dec. 3, 2026"), never as an ambiguous 05/08/2026;
# inputs render as ISO dates and times, the only format <input type="date|time"> reads.
DATE_FORMAT = "F j, Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = "F j, Y, g:i a"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "N j, Y"
SHORT_DATETIME_FORMAT = "N j, Y, g:i a"
FIRST_DAY_OF_WEEK = 0
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%B %d, %Y", "%b %d, %Y"]  # never 05/08/2026: ambiguous
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
