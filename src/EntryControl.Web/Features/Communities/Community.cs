namespace EntryControl.Web.Features.Communities;

/// <summary>社区 a community (grid) that receives travelers; lies in one county-level region.</summary>
public sealed class Community
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>The GB/T 2260 code of the county it lies in.</summary>
    public required string Region { get; set; }
}
