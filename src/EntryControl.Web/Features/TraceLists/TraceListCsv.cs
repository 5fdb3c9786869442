using System.Text;
using EntryControl.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.TraceLists;

/// <summary>
/// A pushed list as CSV: a header row naming the columns (the API's names, or the Chinese ones sources export), in any
/// order, then one traveler a line. UTF-8 with or without a byte-order mark; RFC 4180 quoting, a quoted field may span
/// lines (the row keeps the line it starts on); blank lines and columns the portal does not know are ignored.
/// </summary>
public static class TraceListCsv
{
    /// <summary>The columns as the API names them, in the order a template lists them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["name", "idType", "idNumber", "phone", "arrivalAt", "origin", "carrier", "destinationRegion"];

    private static readonly string[] Required = ["name", "idType", "idNumber"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "name",
        ["姓名"] = "name",
        ["idType"] = "idType",
        ["证件类型"] = "idType",
        ["idNumber"] = "idNumber",
        ["证件号码"] = "idNumber",
        ["证件号"] = "idNumber",
        ["phone"] = "phone",
        ["手机号"] = "phone",
        ["手机号码"] = "phone",
        ["联系电话"] = "phone",
        ["arrivalAt"] = "arrivalAt",
        ["到达时间"] = "arrivalAt",
        ["抵达时间"] = "arrivalAt",
        ["origin"] = "origin",
        ["出发地"] = "origin",
        ["始发地"] = "origin",
        ["carrier"] = "carrier",
        ["车次"] = "carrier",
        ["航班"] = "carrier",
        ["车次/航班"] = "carrier",
        ["车次航班"] = "carrier",
        ["destinationRegion"] = "destinationRegion",
        ["目的地"] = "destinationRegion",
        ["目的地区县"] = "destinationRegion",
    };

    /// <summary>Strict UTF-8: a file saved in GBK is refused with a message, not imported as mojibake.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or null when it is not UTF-8.</summary>
    public static async Task<string?> ReadTextAsync(Stream csv, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(csv, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The rows of <paramref name="text"/> by their line, or the errors that keep the whole file from being read (no
    /// header, a required column missing, more than <paramref name="maxRows"/> rows).
    /// </summary>
    public static ServiceResult<TraceListUpload> Parse(string text, string? source, int maxRows, IStringLocalizer<SharedResource> t)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        var records = Records(lines).GetEnumerator();
        if (!records.MoveNext() || records.Current.Fields is not { } header)
        {
            return ServiceResult.Invalid<TraceListUpload>("header", t["TraceLists.HeaderMissing", string.Join(", ", Required)]);
        }

        var columns = header.ConvertAll(h => Aliases.GetValueOrDefault(h.Trim()));
        var duplicated = columns.Where(c => c is not null).GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key!).ToList();
        var missing = Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0 || duplicated.Count > 0)
        {
            return ServiceResult.Invalid<TraceListUpload>("header", missing.Count > 0
                ? t["TraceLists.HeaderMissing", string.Join(", ", missing)]
                : t["TraceLists.HeaderDuplicated", string.Join(", ", duplicated)]);
        }

        var rows = new List<(int, TraceRowInput?)>();
        var unreadable = new List<InvalidTraceRow>();
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields is null)
            {
                continue;
            }

            if (rows.Count + unreadable.Count == maxRows)
            {
                return ServiceResult.Invalid<TraceListUpload>("rows", t["TraceLists.TooManyRows", maxRows]);
            }

            if (fields.Count != header.Count)
            {
                unreadable.Add(new InvalidTraceRow(line, new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["row"] = [t["TraceLists.FieldCount", header.Count, fields.Count]],
                }));
                continue;
            }

            string? Field(string column) => columns.IndexOf(column) is >= 0 and var i ? fields[i] : null;
            rows.Add((line, new TraceRowInput(Field("name"), Field("idType"), Field("idNumber"), Field("phone"), Field("arrivalAt"), Field("origin"), Field("carrier"), Field("destinationRegion"))));
        }

        return new TraceListUpload(source, rows, unreadable);
    }

    /// <summary>
    /// The file's records with the line each starts on (from 1); a blank line is a record without fields. A line that
    /// leaves a quote open continues on the next (quotes inside a field are doubled, so an odd count means "open").
    /// </summary>
    private static IEnumerable<(int Line, List<string>? Fields)> Records(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var record = new StringBuilder(lines[i].TrimEnd('\r'));
            var quotes = Quotes(lines[i]);
            while (quotes % 2 == 1 && i + 1 < lines.Length)
            {
                i++;
                record.Append('\n').Append(lines[i].TrimEnd('\r'));
                quotes += Quotes(lines[i]);
            }

            var text = record.ToString();
            yield return (start + 1, string.IsNullOrWhiteSpace(text) ? null : CsvLine.Split(text));
        }
    }

    private static int Quotes(string line) => line.Count(c => c == '"');
}
