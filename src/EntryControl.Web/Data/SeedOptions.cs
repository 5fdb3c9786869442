namespace EntryControl.Web.Data;

/// <summary>The <c>Seed</c> settings.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the demo communities, checkpoints, staff and risk areas. Default: true in Development only.</summary>
    public bool DemoData { get; set; }
}
