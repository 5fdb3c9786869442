using EntryControl.Web.Features.Declarations;

namespace EntryControl.Web.Features.TraceLists;

/// <summary>
/// 协查名单 a list of travelers pushed from outside (railway and airline passenger lists, the police's big-data pushes;
/// seed 000 五) as it was imported: who imported it, when, and how its rows came out.
/// </summary>
public sealed class TraceList
{
    public Guid Id { get; set; }

    /// <summary>Where the list came from, as the importer named it (铁路客票, 民航旅客, 公安大数据推送 …).</summary>
    public required string Source { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public Guid? ImportedBy { get; set; }

    /// <summary>Rows imported (matched and unmatched); invalid rows skipped with <c>skipInvalid</c> are not stored.</summary>
    public int Rows { get; set; }

    public int Matched { get; set; }

    public int Unmatched { get; set; }

    /// <summary>Rows refused and skipped at the importer's request.</summary>
    public int Skipped { get; set; }
}

/// <summary>
/// One row of a pushed list. A row whose traveler has declared is linked to that declaration (<see cref="TraceItemStatus.Matched"/>);
/// any other row is a 待核查 check item for the community workers of its destination county until one records what
/// they found.
/// </summary>
public sealed class TraceItem
{
    public Guid Id { get; set; }

    public Guid ListId { get; set; }

    /// <summary>The list's import time, copied so the item lists and the daily report need no join.</summary>
    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>Where the row was in the list: the CSV file's line (the header is line 1), or the JSON row's position from 1.</summary>
    public int Line { get; set; }

    public required string Name { get; set; }

    public IdType IdType { get; set; }

    /// <summary>Normalized (<see cref="IdentityDocuments.Normalize"/>), as declarations store it.</summary>
    public required string IdNumber { get; set; }

    public string? Phone { get; set; }

    /// <summary>The lookup hash of <see cref="IdNumber"/> (HMAC, filled on save); the column itself is encrypted.</summary>
    public byte[]? IdNumberHash { get; set; }

    /// <summary>The lookup hash of <see cref="Phone"/> (HMAC, filled on save).</summary>
    public byte[]? PhoneHash { get; set; }

    /// <summary>When the retention job erased the row's name, document and phone.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    public DateTimeOffset? ArrivalAt { get; set; }

    public string? Origin { get; set; }

    /// <summary>车次或航班 the train or flight.</summary>
    public string? Carrier { get; set; }

    /// <summary>The GB/T 2260 code of the county the traveler was going to, when the list says.</summary>
    public string? DestinationRegion { get; set; }

    public TraceItemStatus Status { get; set; }

    /// <summary>The declaration the row matched at import, or the one made on the spot and named when the check was recorded.</summary>
    public Guid? DeclarationId { get; set; }

    public TraceOutcome? Outcome { get; set; }

    public string? Note { get; set; }

    public Guid? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

public enum TraceItemStatus
{
    /// <summary>The traveler had declared: not a check item.</summary>
    Matched,

    /// <summary>待核查 nobody has recorded a check yet.</summary>
    Open,

    /// <summary>已核查 a worker or the command center recorded what they found.</summary>
    Resolved,
}

/// <summary>核查结果 what the check found.</summary>
public enum TraceOutcome
{
    /// <summary>现场补报 found and registered on the spot.</summary>
    RegisteredOnSite,

    /// <summary>不在本地 not in the area (did not come, went elsewhere).</summary>
    NotInArea,

    /// <summary>已离开 came and has already left.</summary>
    AlreadyLeft,

    /// <summary>其他, with a note saying what.</summary>
    Other,
}
