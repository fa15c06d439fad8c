"""Where an indicator's line goes if nothing changes ("turn the curve"): its forecast."""

from commun.measurement.periods import LAST_YEAR, next_period, period_index, period_start


def forecast(points, frequency: str, horizon: int = 3, partial=()) -> list[tuple[str, float]]:
    """ "Turn the curve": where the line goes if nothing changes — the least-squares line through
    the observed values of complete periods (`partial` ones left out), over time, carried
    `horizon` periods past the last one (needs 3 points or more), never past the years Commun
    measures (a period stored before they were bounded has no forecast)."""
    values = [
        (period, float(value))
        for period, value in points
        if value is not None and period not in partial
    ]
    if len(values) < 3:
        return []
    xs = [period_index(period, frequency) for period, _v in values]
    n = len(values)
    mean_x = sum(xs) / n
    mean_y = sum(v for _p, v in values) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (v - mean_y) for x, (_p, v) in zip(xs, values, strict=True)) / spread
    line = [(values[-1][0], values[-1][1])]
    period = values[-1][0]
    if period_start(period, frequency).year > LAST_YEAR:
        return []
    for step in range(1, horizon + 1):
        period = next_period(period, frequency)
        if period_start(period, frequency).year > LAST_YEAR:
            break
        line.append((period, mean_y + slope * (xs[-1] + step - mean_x)))
    return line if len(line) > 1 else []
