using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Pages;

/// <summary>
/// How a page's form names the fields a service reports: the form's property on the page model (<see cref="Prefix"/>),
/// fields it calls otherwise (<c>arrivalAt</c> → <c>ArrivalDate</c>), lists whose blank rows were not sent (the
/// service's item k is the form's row <c>Rows[list][k]</c>), and, where a form shows only some fields, which ones.
/// </summary>
public sealed record FormFields(string Prefix)
{
    public IReadOnlyDictionary<string, string> Renamed { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int[]> Rows { get; init; } = new Dictionary<string, int[]>(StringComparer.Ordinal);

    /// <summary>The form's own fields (PascalCase, first segment); errors of any other field go to the top of the form. Null: all.</summary>
    public IReadOnlyCollection<string>? Shown { get; init; }
}

public static partial class FormErrors
{
    /// <summary>
    /// The one mapper from a service's field errors (camelCase API paths, <c>stays[0].from</c>) to ModelState keys next
    /// to the form's inputs (<c>Input.Stays[2].From</c>).
    /// </summary>
    public static void AddServiceErrors(this ModelStateDictionary modelState, IDictionary<string, string[]> errors, FormFields form)
    {
        foreach (var (path, messages) in errors)
        {
            var key = KeyOf(path, form);
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }

    /// <summary>A form that shows <paramref name="fields"/> under <paramref name="prefix"/> (the admin pages' forms).</summary>
    public static void AddServiceErrors(this ModelStateDictionary modelState, string prefix, IDictionary<string, string[]> errors, params string[] fields) =>
        modelState.AddServiceErrors(errors, new FormFields(prefix) { Shown = fields });

    public static string KeyOf(string path, FormFields form)
    {
        var field = form.Renamed.TryGetValue(path, out var renamed) ? renamed : Pascal(path, form.Rows);
        if (form.Shown is { } shown && !shown.Contains(FirstSegment(field), StringComparer.Ordinal))
        {
            return form.Prefix;
        }

        return form.Prefix.Length == 0 ? field : field.Length == 0 ? form.Prefix : $"{form.Prefix}.{field}";
    }

    /// <summary><c>coTravelers[1].idNumber</c> → <c>CoTravelers[3].IdNumber</c> when the form's rows 0 and 2 were blank.</summary>
    private static string Pascal(string path, IReadOnlyDictionary<string, int[]> rows) =>
        string.Join('.', path.Split('.').Select(segment =>
        {
            var indexed = Indexed().Match(segment);
            var name = indexed.Success ? indexed.Groups[1].Value : segment;
            var pascal = name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
            if (!indexed.Success)
            {
                return pascal;
            }

            var index = int.Parse(indexed.Groups[2].Value, CultureInfo.InvariantCulture);
            var row = rows.TryGetValue(name, out var formRows) && index < formRows.Length ? formRows[index] : index;
            return $"{pascal}[{row.ToString(CultureInfo.InvariantCulture)}]";
        }));

    private static string FirstSegment(string field)
    {
        var end = field.IndexOfAny(['.', '[']);
        return end < 0 ? field : field[..end];
    }

    [GeneratedRegex(@"^([A-Za-z]+)\[(\d+)\]$")]
    private static partial Regex Indexed();
}
