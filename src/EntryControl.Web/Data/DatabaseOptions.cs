namespace EntryControl.Web.Data;

/// <summary>The <c>Database</c> settings.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
