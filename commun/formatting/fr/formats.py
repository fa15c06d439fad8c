# Django's format module for French readers (FORMAT_MODULE_PATH = "commun.formatting").
# Dates are written out ("3 décembre 2026", "3 déc. 2026"), never as an ambiguous 05/08/2026;
# inputs render as ISO dates and times, the only format <input type="date|time"> reads.
DATE_FORMAT = "j F Y"
TIME_FORMAT = r"G \h i"
DATETIME_FORMAT = r"j F Y, G \h i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = r"j N Y, G \h i"
FIRST_DAY_OF_WEEK = 0  # Sunday, as calendars in Quebec
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M", "%H h"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
