using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EntryControl.Web.Development.PersonalData;

public static class DevelopmentPersonalDataKeys
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// In Development, when no <c>PersonalData:CurrentKey</c> is configured, reads the personal-data keys from
    /// <c>.localdb/personal-data-keys.json</c> in the content root (beside the local PostgreSQL's data), generating the
    /// file once with random keys. A deployed portal never gets here (a Release build has no development tools) and
    /// refuses to start without configured keys.
    /// </summary>
    public static void UseDevelopmentPersonalDataKeysWhenUnconfigured(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration["PersonalData:CurrentKey"]))
        {
            return;
        }

        var path = Path.Combine(builder.Environment.ContentRootPath, ".localdb", "personal-data-keys.json");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var keys = new
            {
                PersonalData = new
                {
                    CurrentKey = "dev1",
                    Keys = new Dictionary<string, string> { ["dev1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
                    HashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                },
            };
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(path, options))
            {
                JsonSerializer.Serialize(file, keys, Indented);
            }

            Console.WriteLine($"Personal data keys generated: {path}");
        }

        builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
    }
}
