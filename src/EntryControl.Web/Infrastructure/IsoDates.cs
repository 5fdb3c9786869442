using System.Globalization;

namespace EntryControl.Web.Infrastructure;

/// <summary>The API's date and instant formats: <c>YYYY-MM-DD</c> and ISO 8601 with an offset.</summary>
public static class IsoDates
{
    /// <summary>
    /// The calendar a date or instant may fall in: wide enough for any birth, trip or report, narrow enough that day
    /// arithmetic around it (a 14-day trend, a phase of weeks, a time-zone offset) can never leave
    /// <see cref="DateOnly"/>'s range or reach PostgreSQL's edges. A date outside is refused like one that does not parse.
    /// </summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && InRange(date);

    public static bool InRange(DateOnly date) => date >= Earliest && date <= Latest;

    public static DateOnly? ParseDateOrNull(string? text) =>
        TryParseDate(text, out var date) ? date : null;

    /// <summary>An instant must carry its offset (<c>+08:00</c> or <c>Z</c>): a bare local time is ambiguous.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z')
            || (trimmed.Length > 6 && (trimmed[^6] == '+' || trimmed[^6] == '-') && trimmed[^3] == ':');
        return hasOffset && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant)
            && InRange(DateOnly.FromDateTime(instant.UtcDateTime));
    }

    /// <summary>The start of <see cref="InputLimits.EarliestDate"/> in China time: no instant the portal deals with is before it.</summary>
    public static readonly DateTimeOffset EarliestInstant = new(InputLimits.EarliestDate, TimeOnly.MinValue, TimeSpan.FromHours(8));

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The instant a form's China-time date and time (<c>2022-11-20</c>, <c>14:30</c>) name, as the API writes it
    /// (<c>2022-11-20T14:30:00+08:00</c>); midnight when the time is empty, null when the date is. Text that is not a
    /// date or time is passed through, so the service reports it against the field.
    /// </summary>
    public static string? ChinaLocalInstant(string? date, string? time = null)
    {
        if (string.IsNullOrWhiteSpace(date))
        {
            return null;
        }

        var text = date.Trim();
        // A datetime-local input sends "2022-11-20T14:30": one field holding both.
        if (time is null && text.Length == 16 && text[10] == 'T')
        {
            (text, time) = (text[..10], text[11..]);
        }

        return $"{text}T{(string.IsNullOrWhiteSpace(time) ? "00:00" : time.Trim())}:00+08:00";
    }
}
