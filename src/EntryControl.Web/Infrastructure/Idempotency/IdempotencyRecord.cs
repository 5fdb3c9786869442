namespace EntryControl.Web.Infrastructure.Idempotency;

/// <summary>A request made with an <c>Idempotency-Key</c>: its fingerprint and, once completed, its response.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The key, scoped by the caller and the endpoint.</summary>
    public required string Key { get; set; }

    public required string RequestHash { get; set; }

    public bool Completed { get; set; }

    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
