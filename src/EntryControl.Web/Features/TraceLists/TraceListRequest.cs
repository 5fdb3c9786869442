using System.Globalization;
using System.Text.RegularExpressions;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.TraceLists;

/// <summary>The JSON body of <c>POST /api/v1/trace-lists</c> (api.md, pushed lists).</summary>
public sealed record TraceListRequest(string? Source, IReadOnlyList<TraceRowInput?>? Rows);

/// <summary>One traveler of a pushed list, as the source sent it (a JSON row, or a CSV line by its header).</summary>
public sealed record TraceRowInput(
    string? Name,
    string? IdType,
    string? IdNumber,
    string? Phone = null,
    string? ArrivalAt = null,
    string? Origin = null,
    string? Carrier = null,
    string? DestinationRegion = null)
{
    /// <summary>Surrounding white space removed, and an empty value as no value.</summary>
    public TraceRowInput Trimmed() => new(Clean(Name), Clean(IdType), Clean(IdNumber), Clean(Phone), Clean(ArrivalAt), Clean(Origin), Clean(Carrier), Clean(DestinationRegion));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A list's rows, from JSON or CSV, each with its line, and the lines that could not even be read as a row.</summary>
public sealed record TraceListUpload(string? Source, IReadOnlyList<(int Line, TraceRowInput? Row)> Rows, IReadOnlyList<InvalidTraceRow> Unreadable)
{
    public static TraceListUpload FromRequest(TraceListRequest? request) =>
        new(request?.Source, request?.Rows is { } rows ? [.. rows.Select((row, i) => (i + 1, row))] : [], []);
}

/// <summary>A row refused, with its line and the errors of its fields (camelCase as the JSON names them).</summary>
public sealed partial record InvalidTraceRow(int Line, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>How a row's field error is keyed in a validation problem's <c>errors</c> map (as the risk-area import keys them).</summary>
    public static string Key(int line, string field) => string.Create(CultureInfo.InvariantCulture, $"line {line}: {field}");

    /// <summary>The rows of a refused list, read back from the <c>errors</c> map that <see cref="Key"/> keyed, by line.</summary>
    public static IReadOnlyList<InvalidTraceRow> FromErrors(IDictionary<string, string[]> errors) =>
        [.. errors
            .Select(e => (Match: RowKey().Match(e.Key), e.Value))
            .Where(e => e.Match.Success)
            .GroupBy(e => int.Parse(e.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => new InvalidTraceRow(g.Key, g.ToDictionary(e => e.Match.Groups[2].Value, e => e.Value, StringComparer.Ordinal)))];

    [GeneratedRegex("^line ([0-9]+): (.+)$")]
    private static partial Regex RowKey();
}

public sealed class TraceRowInputValidator : AbstractValidator<TraceRowInput>
{
    public TraceRowInputValidator(IStringLocalizer<SharedResource> t, RegionCatalog regions)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => t["Declaration.NameRequired"])
            .MaximumLength(50).WithMessage(_ => t["Declaration.NameTooLong"])
            .NoControlCharacters().WithMessage(_ => t["TraceLists.ControlCharacters"])
            .VisibleName(_ => t["Validation.NameCharacters"]);
        RuleFor(x => x.IdType).Must(type => IdentityDocuments.ParseType(type) is not null)
            .WithMessage(_ => t["TraceLists.IdType", string.Join(", ", IdentityDocuments.Types)]);
        RuleFor(x => x.IdNumber).NotEmpty().WithMessage(_ => t["Declaration.IdNumberRequired"]);
        RuleFor(x => x.IdNumber)
            .Must((x, number) => IdentityDocuments.IsValid(IdentityDocuments.ParseType(x.IdType)!.Value, number))
            .When(x => IdentityDocuments.ParseType(x.IdType) is not null && !string.IsNullOrWhiteSpace(x.IdNumber))
            .WithMessage(x => IdentityDocuments.ParseType(x.IdType) == IdType.ResidentId ? t["Declaration.ResidentIdInvalid"] : t["Declaration.DocumentInvalid"]);
        RuleFor(x => x.IdNumber).Must(number => IdentityDocuments.HasKnownProvince(IdentityDocuments.Normalize(number!)))
            .When(x => IdentityDocuments.ParseType(x.IdType) == IdType.ResidentId && IdentityDocuments.IsValid(IdType.ResidentId, x.IdNumber))
            .WithMessage(_ => t["Declaration.ResidentIdRegion"]);
        RuleFor(x => x.Phone).Matches("^1[3-9][0-9]{9}$").When(x => !string.IsNullOrWhiteSpace(x.Phone))
            .WithMessage(_ => t["Declaration.PhoneInvalid"]);
        RuleFor(x => x.ArrivalAt).Must(at => IsoDates.TryParseInstant(at, out _)).When(x => !string.IsNullOrWhiteSpace(x.ArrivalAt))
            .WithMessage(_ => t["TraceLists.ArrivalAt"]);
        RuleFor(x => x.Origin).MaximumLength(100).WithMessage(_ => t["TraceLists.TooLong", 100])
            .NoControlCharacters().WithMessage(_ => t["TraceLists.ControlCharacters"]);
        RuleFor(x => x.Carrier).MaximumLength(32).WithMessage(_ => t["TraceLists.TooLong", 32])
            .NoControlCharacters().WithMessage(_ => t["TraceLists.ControlCharacters"]);
        RuleFor(x => x.DestinationRegion).Must(regions.IsCounty).When(x => !string.IsNullOrWhiteSpace(x.DestinationRegion))
            .WithMessage(_ => t["TraceLists.Destination"]);
    }
}

/// <summary>The body of <c>POST /api/v1/trace-items/{id}/resolution</c>: what the check found.</summary>
public sealed record ResolveTraceItem(string? Outcome, string? Note = null, string? DeclarationCode = null);

public sealed class ResolveTraceItemValidator : AbstractValidator<ResolveTraceItem>
{
    public const int NoteLength = 500;

    public ResolveTraceItemValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(x => x.Outcome).Must(ApiNames.IsDefined<TraceOutcome>)
            .WithMessage(_ => t["TraceItems.Outcome", string.Join(", ", ApiNames.NamesOf<TraceOutcome>())]);
        RuleFor(x => x.Note).NotEmpty().When(x => ApiNames.Parse<TraceOutcome>(x.Outcome) == TraceOutcome.Other)
            .WithMessage(_ => t["TraceItems.NoteRequired"]);
        RuleFor(x => x.Note).MaximumLength(NoteLength).WithMessage(_ => t["TraceLists.TooLong", NoteLength])
            .NoControlCharacters().WithMessage(_ => t["TraceLists.ControlCharacters"]);
        RuleFor(x => x.DeclarationCode).MaximumLength(32).WithMessage(_ => t["TraceItems.NoSuchDeclaration"])
            .NoControlCharacters().WithMessage(_ => t["TraceItems.NoSuchDeclaration"]);
    }
}
