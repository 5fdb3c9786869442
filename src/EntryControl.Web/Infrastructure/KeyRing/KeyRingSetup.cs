using EntryControl.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.KeyRing;

public static class KeyRingSetup
{
    /// <summary>
    /// ASP.NET Core Data Protection with its key ring in PostgreSQL (table <c>data_protection_keys</c>), encrypted at
    /// rest (<see cref="KeyRingEncryption"/>), under one application name: a cookie or bearer token issued by one
    /// instance is read by every other, and survives a restart or a new container.
    /// </summary>
    public static IServiceCollection AddEntryControlKeyRing(this IServiceCollection services)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidation>();
        services.AddSingleton<KeyRingEncryption>();
        services.AddDataProtection().PersistKeysToDbContext<EntryControlDbContext>();
        services.AddOptions<DataProtectionOptions>().Configure<IOptions<KeyRingOptions>>((options, keyRing) =>
            options.ApplicationDiscriminator = keyRing.Value.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingEncryption>((options, encryption) =>
            options.XmlEncryptor = new KeyRingXmlEncryptor(encryption));
        return services;
    }

    /// <summary>
    /// Removes Data Protection's hosted service, which reads the key ring as the host starts only to warm it up. Here
    /// that races the migrations (<see cref="DatabaseInitializer"/> runs them while the server already listens), and
    /// on a first start it logs "relation data_protection_keys does not exist". The ring is then read on first use.
    /// Call it after every registration: Identity, antiforgery and authentication add the service again.
    /// </summary>
    public static IServiceCollection WithoutKeyRingWarmUp(this IServiceCollection services)
    {
        foreach (var warmUp in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            services.Remove(warmUp);
        }

        return services;
    }
}
