namespace EntryControl.Web.Data;

/// <summary>The <c>Database</c> settings.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long the start-up step keeps retrying (with back-off) while the database cannot be reached, e.g. when the
    /// portal and PostgreSQL start together; after that the start-up fails.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3600)]
    public int StartupRetrySeconds { get; set; } = 60;
}
