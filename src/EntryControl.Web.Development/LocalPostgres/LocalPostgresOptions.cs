using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Development.LocalPostgres;

/// <summary>The <c>LocalPostgres</c> settings: a local cluster for <c>dotnet run</c> when no connection string is set.</summary>
public sealed class LocalPostgresOptions
{
    public const string Section = "LocalPostgres";

    /// <summary>Start a local cluster when no connection string is set. Default: true in Development.</summary>
    public bool Enabled { get; set; }

    /// <summary>The cluster's data folder. Default: <c>.localdb/postgres</c> in the content root.</summary>
    [Required(ErrorMessage = "LocalPostgres:DataDirectory must not be empty.")]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The cluster's port on 127.0.0.1; 0 picks a free one.</summary>
    [Range(0, 65535, ErrorMessage = "LocalPostgres:Port must be between {1} and {2} (0 picks a free port).")]
    public int Port { get; set; }

    /// <summary>Stop the cluster when the portal stops.</summary>
    public bool StopOnShutdown { get; set; } = true;

    /// <summary>
    /// Binds and validates the section. The cluster has to run before the host is built (the data services read the
    /// connection string it gives), so these settings are read here, not through the options pipeline.
    /// </summary>
    public static LocalPostgresOptions FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new LocalPostgresOptions
        {
            Enabled = environment.IsDevelopment(),
            DataDirectory = Path.Combine(environment.ContentRootPath, ".localdb", "postgres"),
        };
        configuration.GetSection(Section).Bind(options);
        var result = new DataAnnotationValidateOptions<LocalPostgresOptions>(Options.DefaultName).Validate(Options.DefaultName, options);
        return result.Failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(LocalPostgresOptions), result.Failures)
            : options;
    }
}
