namespace EntryControl.Web.Data;

/// <summary>The <c>Seed</c> settings.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public const string NotInProductionMessage =
        "Seed:DemoData must not be true in Production: the demo accounts have a published password. Remove the setting (it is off by default outside Development).";

    /// <summary>Load the demo communities, checkpoints, staff and risk areas. Default: true in Development only; refused in Production.</summary>
    public bool DemoData { get; set; }
}
