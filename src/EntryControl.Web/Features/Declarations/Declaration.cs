namespace EntryControl.Web.Features.Declarations;

/// <summary>报备 a traveler's advance registration of a trip, with the decision it got.</summary>
public sealed class Declaration
{
    public Guid Id { get; set; }

    /// <summary>The unguessable token the traveler shows as a QR code.</summary>
    public required string Code { get; set; }

    /// <summary>Declarations made together (a family) share a group.</summary>
    public Guid GroupId { get; set; }

    public required string TravelerName { get; set; }

    public IdType IdType { get; set; }

    public required string IdNumber { get; set; }

    public string? Phone { get; set; }

    /// <summary>The lookup hash of <see cref="IdNumber"/> (HMAC, filled on save); the column itself is encrypted.</summary>
    public byte[]? IdNumberHash { get; set; }

    /// <summary>The lookup hash of <see cref="Phone"/> (HMAC, filled on save).</summary>
    public byte[]? PhoneHash { get; set; }

    /// <summary>
    /// When the retention job erased the traveler's personal data (name, document, phone, address, plate); the row and
    /// what the reports count by stay.
    /// </summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    /// <summary>The destination community; null for a freight driver passing through (途经), who has none.</summary>
    public string? CommunityCode { get; set; }

    /// <summary>The community's county (for a transit driver: the entry checkpoint's): the destination the rules decide for.</summary>
    public required string Destination { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset ArrivalAt { get; set; }

    /// <summary>The trip as declared (stays, abroad entry, certificate, occupation …), JSON.</summary>
    public required string TripJson { get; set; }

    public string? VehiclePlate { get; set; }

    public string? VehicleCompany { get; set; }

    /// <summary>接收证明 the consignee's receipt certificate a freight driver carries: the consignee company.</summary>
    public string? ReceiptCompany { get; set; }

    /// <summary>接收证明 the certificate's number.</summary>
    public string? ReceiptNumber { get; set; }

    /// <summary>途经 a freight driver passing through without stopping in the city: no community, an exit is expected.</summary>
    public bool Transit { get; set; }

    /// <summary>The checkpoint a transit driver declared to enter by (its county is the destination).</summary>
    public string? EntryCheckpointCode { get; set; }

    public RegistrationTiming Registration { get; set; }

    public DeclarationStatus Status { get; set; }

    /// <summary>Set by the first checkpoint scan; from then on the traveler cannot change the declaration.</summary>
    public DateTimeOffset? FirstScannedAt { get; set; }

    /// <summary>Null for a traveler's own declaration; the officer for a walk-in registered at a checkpoint.</summary>
    public Guid? RegisteredBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// PostgreSQL's <c>xmin</c>, the concurrency token: a save of a declaration that changed since it was read fails
    /// (409) instead of overwriting the other writer. Raw reads must select it (<c>SELECT *, xmin</c>).
    /// </summary>
    public uint Version { get; set; }

    public List<DecisionRecord> Decisions { get; init; } = [];

    /// <summary>The declared stays, one row each, so a designation finds the declarations it concerns by index.</summary>
    public List<DeclarationStay> Stays { get; init; } = [];
}

/// <summary>旅居史 one declared stay: the county, the days, and any named areas in it.</summary>
public sealed class DeclarationStay
{
    public long Id { get; set; }

    public Guid DeclarationId { get; set; }

    public required string Region { get; set; }

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public string[] Areas { get; set; } = [];
}

public enum RegistrationTiming
{
    /// <summary>Made at least the policy's advance period before arrival.</summary>
    OnTime,

    /// <summary>Made later than that, or on arrival.</summary>
    Late,
}

/// <summary>What a declaration carries that makes a freight driver count as 报备 (seed 001 九: "核查报备或接收证明").</summary>
public static class FreightRegistration
{
    /// <summary>
    /// A freight driver counts as pre-registered when the declaration was made on time (the policy's advance period
    /// before arrival) or carries the consignee's receipt certificate; a walk-in is never on time.
    /// </summary>
    public static bool PreRegistered(RegistrationTiming timing, bool hasReceipt) =>
        timing == RegistrationTiming.OnTime || hasReceipt;
}

public enum DeclarationStatus
{
    Active,
    Cancelled,
}

/// <summary>
/// A decision as it was made: the policy id and version, the clock, the inputs and the designations the engine saw,
/// and the result, so anyone can later see why a traveler got a measure.
/// </summary>
public sealed class DecisionRecord
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    public DecisionOccasion Occasion { get; set; }

    public required string PolicyId { get; set; }

    public int PolicyVersion { get; set; }

    public EntryControl.Rules.Measure Measure { get; set; }

    /// <summary>The instant the decision is for (the arrival, or the scan).</summary>
    public DateTimeOffset DecidedFor { get; set; }

    /// <summary>When the decision was computed.</summary>
    public DateTimeOffset DecidedAt { get; set; }

    public required string InputJson { get; set; }

    public required string DesignationsJson { get; set; }

    public required string DecisionJson { get; set; }

    /// <summary>For a re-decision (<see cref="DecisionOccasion.Reevaluated"/>): the registry change that caused it.</summary>
    public Guid? RegistryChangeId { get; set; }
}

public enum DecisionOccasion
{
    Declared,
    Amended,
    Scanned,

    /// <summary>协查: decided again because the risk-area registry changed.</summary>
    Reevaluated,
}
