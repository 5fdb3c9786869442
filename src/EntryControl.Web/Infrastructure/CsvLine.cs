using System.Text;

namespace EntryControl.Web.Infrastructure;

/// <summary>RFC 4180 fields of one line: commas separate, double quotes enclose, a doubled quote escapes.</summary>
public static class CsvLine
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Quotes a value when it holds a comma, a quote or a line break.</summary>
    public static string Escape(string? value) =>
        value is null ? string.Empty
        : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;

    /// <summary>
    /// A cell for a file people open in Excel: escaped, and a leading <c>= + - @</c> (a formula) neutralised with an
    /// apostrophe so a name like <c>=HYPERLINK(…)</c> stays text.
    /// </summary>
    public static string Cell(string? value) =>
        Escape(value is { Length: > 0 } && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value);
}

/// <summary>A CSV file people open in Excel: cells through <see cref="CsvLine.Cell"/>, CRLF lines, UTF-8 with a byte-order mark.</summary>
public sealed class ExcelCsv
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds a row; numbers and dates are written in the invariant culture, null as an empty cell.</summary>
    public ExcelCsv Row(params object?[] cells)
    {
        _text.AppendJoin(',', cells.Select(c => CsvLine.Cell(Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)))).Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];
}
