using EntryControl.Web.Infrastructure.Idempotency;
using FluentValidation;

namespace EntryControl.Web.Features.Declarations;

public static class DeclarationServiceCollectionExtensions
{
    public static IServiceCollection AddDeclarations(this IServiceCollection services)
    {
        services.AddScoped<DeclarationService>();
        services.AddSingleton<IValidator<DeclarationRequest>, DeclarationRequestValidator>();
        services.AddHostedService<IdempotencyCleanup>();
        return services;
    }
}
