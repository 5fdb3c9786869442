using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Infrastructure.Html;

/// <summary>
/// The ids that tie an invalid field, its message and the error summary together: the field's id is MVC's sanitized
/// name (<c>Declaration.CoTravelers[0].Name</c> → <c>Declaration_CoTravelers_0__Name</c>), its message's id that plus
/// <c>-error</c>.
/// </summary>
public static class FormErrorIds
{
    public static string FieldId(string name) => TagBuilder.CreateSanitizedId(name, "_");

    public static string MessageId(string name) => FieldId(name) + "-error";

    public static bool IsInvalid(ModelStateDictionary modelState, string? name) =>
        !string.IsNullOrEmpty(name) && modelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0;
}

/// <summary>
/// <c>&lt;error-summary /&gt;</c> at the top of a form: when the posted form has errors, a box headed "请更正以下问题" that
/// lists every message as a link to its field, and takes the focus when the page loads (<c>autofocus</c>; site.js
/// does the same where a browser ignores it), so a screen reader announces it (no role=alert: focus and alert would
/// announce it twice). Renders nothing when there are no errors. Text goes through the application's HtmlEncoder, which
/// leaves Chinese as it is, as Razor does.
/// </summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper(IStringLocalizer<SharedResource> t, HtmlEncoder encoder) : TagHelper
{
    /// <summary>Set in ViewData when a summary is shown.</summary>
    public const string ShownKey = "ErrorSummaryShown";

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>
    /// Messages a page holds itself instead of in ModelState (a follow-up card's row errors): listed without links,
    /// in place of ModelState's.
    /// </summary>
    [HtmlAttributeName("messages")]
    public IEnumerable<string>? Messages { get; set; }

    /// <summary>Only the errors of fields under this prefix (and model-level ones); for pages with several forms.</summary>
    [HtmlAttributeName("prefix")]
    public string? Prefix { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var errors = Messages is { } messages
            ? [.. messages.Select(message => (Key: string.Empty, Message: message)).Where(e => !string.IsNullOrEmpty(e.Message))]
            : ViewContext.ModelState
                .Where(e => e.Value is { Errors.Count: > 0 } && Belongs(e.Key))
                .SelectMany(e => e.Value!.Errors.Select(error => (Key: e.Key, Message: error.ErrorMessage)))
                .Where(e => !string.IsNullOrEmpty(e.Message))
                .ToList();
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        // The layout's title says "错误：" (ViewData is shared with the layout, rendered after the body).
        ViewContext.ViewData[ShownKey] = true;

        // Unique per page even where a page has several summaries.
        var count = ViewContext.HttpContext.Items.TryGetValue(typeof(ErrorSummaryTagHelper), out var n) ? (int)n! + 1 : 1;
        ViewContext.HttpContext.Items[typeof(ErrorSummaryTagHelper)] = count;
        var titleId = count == 1 ? "error-summary-title" : $"error-summary-title-{count}";

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "alert alert-danger error-summary validation-summary-errors");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("aria-labelledby", titleId);
        output.Attributes.SetAttribute("data-error-summary", null);
        if (!output.Attributes.ContainsName("data-testid"))
        {
            output.Attributes.SetAttribute("data-testid", "error-summary");
        }
        if (count == 1)
        {
            output.Attributes.SetAttribute("autofocus", null);
        }

        output.Content.AppendHtml($"<h2 class=\"h6 fw-bold\" id=\"{titleId}\">{encoder.Encode(t["Form.ErrorSummary"])}</h2><ul class=\"mb-0\">");
        foreach (var (key, message) in errors.DistinctBy(e => (e.Key, e.Message)))
        {
            var text = encoder.Encode(message);
            // A model-level error has no field; site.js also unlinks a link whose field the form does not show.
            output.Content.AppendHtml(key.Length == 0
                ? $"<li>{text}</li>"
                : $"<li><a href=\"#{encoder.Encode(FormErrorIds.FieldId(key))}\" data-field=\"{encoder.Encode(key)}\">{text}</a></li>");
        }

        output.Content.AppendHtml("</ul>");
    }

    private bool Belongs(string key) =>
        Prefix is null || key.Length == 0 || key == Prefix || key.StartsWith(Prefix + ".", StringComparison.Ordinal) || key.StartsWith(Prefix + "[", StringComparison.Ordinal);
}

/// <summary>
/// Marks an invalid field for assistive technology: <c>aria-invalid="true"</c> and <c>aria-describedby</c> naming its
/// message (kept beside any description the field already has). Runs after MVC's own input tag helpers, on every
/// field with a name.
/// </summary>
[HtmlTargetElement("input")]
[HtmlTargetElement("select")]
[HtmlTargetElement("textarea")]
public sealed class InvalidFieldTagHelper : TagHelper
{
    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = output.Attributes.TryGetAttribute("name", out var attribute) ? attribute.Value?.ToString() : null;
        if (!FormErrorIds.IsInvalid(ViewContext.ModelState, name)
            || (output.Attributes.TryGetAttribute("type", out var type) && type.Value?.ToString() is "hidden"))
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value?.ToString() : null;
        var message = FormErrorIds.MessageId(name!);
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? message : $"{message} {described}");
    }
}

/// <summary>Gives a field's message (<c>asp-validation-for</c>) the id its field's <c>aria-describedby</c> names.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
[HtmlTargetElement("div", Attributes = "asp-validation-for")]
public sealed class ValidationMessageIdTagHelper : TagHelper
{
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id")
            && output.Attributes.TryGetAttribute("data-valmsg-for", out var field) && field.Value?.ToString() is { Length: > 0 } name)
        {
            output.Attributes.SetAttribute("id", FormErrorIds.MessageId(name));
        }
    }
}
