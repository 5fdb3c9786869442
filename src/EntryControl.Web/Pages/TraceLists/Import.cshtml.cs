using System.Text;
using System.Text.Json;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.TraceLists;

/// <summary>
/// 导入协查名单: a list as the source exported it (CSV, or the API's JSON), uploaded or pasted. A list with invalid rows
/// is refused whole and every bad line shown with its fields' errors, unless the importer chose to skip them.
/// </summary>
public sealed class ImportModel(TraceListService traceLists, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Source { get; set; }

    /// <summary>A pasted list (when no file is chosen).</summary>
    [BindProperty]
    public string? Csv { get; set; }

    [BindProperty]
    public bool SkipInvalid { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ImportedTraceList? Imported { get; private set; }

    /// <summary>The rows of a refused list, or the rows skipped by an import that went ahead.</summary>
    public IReadOnlyList<InvalidTraceRow> InvalidRows { get; private set; } = [];

    public string? Problem { get; private set; }

    public static IReadOnlyList<string> Sources { get; } = ["铁路客票", "民航旅客", "公安大数据推送"];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        byte[] content;
        if (Upload is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        else if (!string.IsNullOrWhiteSpace(Csv))
        {
            content = Encoding.UTF8.GetBytes(Csv);
        }
        else
        {
            ModelState.AddModelError(nameof(Upload), t["TraceLists.NoFile"]);
            return Page();
        }

        ServiceResult<ImportedTraceList> result;
        if (LooksLikeJson(content))
        {
            TraceListRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<TraceListRequest>(content, Infrastructure.Http.HttpServiceCollectionExtensions.JsonOptions);
            }
            catch (JsonException)
            {
                ModelState.AddModelError(nameof(Upload), t["TraceLists.BadJson"]);
                return Page();
            }

            // The source typed on the form names the list; the JSON's own is the fallback.
            request = request is null ? null : request with { Source = string.IsNullOrWhiteSpace(Source) ? request.Source : Source };
            result = await traceLists.ImportAsync(User, request, SkipInvalid, cancellationToken);
        }
        else
        {
            using var csv = new MemoryStream(content);
            result = await traceLists.ImportCsvAsync(User, csv, Source, SkipInvalid, cancellationToken);
        }

        result.Switch(
            imported =>
            {
                Imported = imported;
                InvalidRows = imported.Invalid;
            },
            errors =>
            {
                InvalidRows = InvalidTraceRow.FromErrors(errors);
                var listErrors = errors.Where(e => !e.Key.StartsWith("line ", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
                ModelState.AddServiceErrors(listErrors, new FormFields(string.Empty)
                {
                    Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["source"] = nameof(Source),
                        ["file"] = nameof(Upload),
                        ["header"] = nameof(Upload),
                        ["rows"] = nameof(Upload),
                    },
                });
            },
            failure => Problem = failure.Detail);
        return Page();
    }

    /// <summary>The API's JSON body (an object), or else CSV; a byte-order mark and leading white space are skipped.</summary>
    private static bool LooksLikeJson(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('{');
    }
}
